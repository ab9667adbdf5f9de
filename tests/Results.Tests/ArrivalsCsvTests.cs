using LoadTest.Core;

namespace LoadTest.Results.Tests;

public sealed class ArrivalsCsvTests
{
    [Fact]
    public void Rows_round_trip_through_the_file_in_the_order_written_unsorted_included()
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-arrivals-");
        try
        {
            var path = Path.Combine(dir.FullName, ArrivalsCsv.FileName);
            ArrivalRow[] rows =
            [
                new() { OffsetMs = 1500.25, Workload = "chat", InputTokens = 1200, OutputTokens = 300, CacheReadTokens = 2000, CacheWriteTokens = 0, MaxTokens = 1024 },
                new() { OffsetMs = 0, Workload = "summarise, long", InputTokens = 9000, OutputTokens = 800, CacheReadTokens = 0, CacheWriteTokens = 4000, MaxTokens = null },
                new() { OffsetMs = 700, Workload = "chat", InputTokens = 1, OutputTokens = 0 },
            ];
            ArrivalsCsv.Write(path, rows);

            Assert.StartsWith(ArrivalsCsv.Header + "\n", File.ReadAllText(path), StringComparison.Ordinal);
            var back = ArrivalsCsv.Read(path).ToList();
            Assert.Equal(rows, back.Select(r => r with { Line = 0, WorkloadColumn = 0 }));
            Assert.Equal([2L, 3L, 4L], back.Select(r => r.Line));
            Assert.Equal([9L, 3L, 5L], back.Select(r => r.WorkloadColumn));
            Assert.Null(back[1].MaxTokens);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("12,chat,10,5,0,0,\nabc,chat,1,1,0,0,\n", 3, 1, "not a number")]
    [InlineData("12,chat,10,-5,0,0,\n", 2, 12, "not a token count")]
    [InlineData("12,chat,10,5,0,0,9x\n", 2, 18, "not a whole number")]
    [InlineData("-1,chat,10,5,0,0,\n", 2, 1, "negative")]
    [InlineData("1,,10,5,0,0,\n", 2, 3, "workload is required")]
    [InlineData("1,chat,10,5,0\n", 2, 1, "5 fields where the header has 7")]
    public void A_bad_row_is_refused_with_its_line_and_column(string body, long line, long column, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ArrivalsCsv.Read(new StringReader(ArrivalsCsv.Header + "\n" + body), "a.csv").ToList());
        Assert.Equal(("a.csv", line, column), (e.File, e.Line, e.Column));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_header_or_a_missing_file_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => ArrivalsCsv.Read(new StringReader("offset,workload\n1,chat\n"), "a.csv").ToList());
        Assert.Contains(ArrivalsCsv.Header, e.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => ArrivalsCsv.Read(Path.Combine(Path.GetTempPath(), "no-such-dir-x", "arrivals.csv")));
    }

    [Fact]
    public void Reading_streams_rows_before_the_end_of_the_file()
    {
        // A corrupt row far down is only found when reached: the first rows come out first.
        var text = ArrivalsCsv.Header + "\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},chat,1,1,0,0,\n")) + "x,chat,1,1,0,0,\n";
        using var rows = ArrivalsCsv.Read(new StringReader(text), "a.csv").GetEnumerator();
        Assert.True(rows.MoveNext());
        Assert.Equal(0, rows.Current.OffsetMs);
    }
}
