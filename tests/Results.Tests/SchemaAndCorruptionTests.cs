using LoadTest.Core;

namespace LoadTest.Results.Tests;

/// <summary>What the codec refuses, and that it says which file, line and version.</summary>
public sealed class SchemaAndCorruptionTests
{
    [Fact]
    public void A_newer_summary_is_refused_naming_the_file_and_version()
    {
        using var temp = new TempFolder();
        var newer = ResultSchema.Current + 1;
        File.WriteAllText(temp.Folder.Summary, $$"""{ "schemaVersion": {{newer}}, "scenario": "future" }""");

        var e = Assert.Throws<ConfigException>(temp.Folder.ReadSummary);

        Assert.Equal(temp.Folder.Summary, e.File);
        Assert.Contains($"schemaVersion {newer}", e.Message, StringComparison.Ordinal);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_summary_as_todays_build_wrote_it_is_read()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Summary, """
            {
              "schemaVersion": 1,
              "scenario": "diwali",
              "completed": true,
              "requests": { "sent": 4, "failed": 1 },
              "phases": [ { "index": 0, "kind": "constant", "description": "", "startSeconds": 0, "endSeconds": 60 } ]
            }
            """);

        var summary = temp.Folder.ReadSummary();

        Assert.Equal(1, summary.SchemaVersion);
        Assert.Equal(4, summary.Requests.Sent);
        Assert.Empty(summary.ErrorCodes);
        Assert.Equal("constant", summary.Phases[0].Label);
    }

    [Fact]
    public void A_summary_without_schema_version_is_refused_not_guessed()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Summary, """{ "scenario": "hand-made" }""");

        var e = Assert.Throws<ConfigException>(temp.Folder.ReadSummary);

        Assert.Equal(temp.Folder.Summary, e.File);
        Assert.Contains("no schemaVersion", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_names_the_file_and_line()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Summary, "{\n  \"schemaVersion\": 2,\n  \"scenario\": \n}");

        var e = Assert.Throws<ConfigException>(temp.Folder.ReadSummary);

        Assert.Equal(temp.Folder.Summary, e.File);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void A_torn_last_request_row_names_the_file_and_line()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n"
            + "0,100,101,300,350,900,0,chat,m,converse,ok,,200,1,0,100,20,0,0,200,256,ap-south-1,r0\n"
            + "1,600,602,,,1500,0,chat,m,conv");

        var e = Assert.Throws<ConfigException>(() => temp.Folder.ReadRequests().ToList());

        Assert.Equal(temp.Folder.Requests, e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains("torn or corrupt row", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_is_a_torn_row()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n1,600,602,,,1500,0,chat,m,converse,throttled,\"Throttling");

        var e = Assert.Throws<ConfigException>(() => temp.Folder.ReadRequests().ToList());

        Assert.Equal(2, e.Line);
        Assert.Contains("not closed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_number_names_the_line_and_column()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Timeseries, TimeseriesCsv.Header + "\n0,0,4,4,0,4,0,0,0,2,1O800,4800,1200,900,1400,1800,280,450,648000,240\n");

        var e = Assert.Throws<ConfigException>(() => temp.Folder.ReadTimeseries());

        Assert.Equal(temp.Folder.Timeseries, e.File);
        Assert.Equal(2, e.Line);
        Assert.Equal(21, e.Column);
        Assert.Contains("'1O800' is not a whole number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_header_is_refused_with_the_expected_one()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Timeseries, TimeseriesCsv.Header + ",gpuSeconds\n");

        var e = Assert.Throws<ConfigException>(() => temp.Folder.ReadTimeseries());

        Assert.Equal(1, e.Line);
        Assert.Contains(TimeseriesCsv.Header, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_timeseries_reads_without_the_per_minute_columns()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Timeseries, TimeseriesCsv.HeaderVersion1 + "\n0,0,4,4,0,4,0,0,0,2,10800,4800,1200,900,1400,1800,280,450\n");

        var row = Assert.Single(temp.Folder.ReadTimeseries()!);

        Assert.Equal(10_800, row.QuotaTokens);
        Assert.Equal(450, row.TtftP95Ms);
        Assert.Null(row.QuotaTpm);
        Assert.Null(row.Rpm);
    }

    [Fact]
    public void A_missing_folder_or_summary_is_the_users_error()
    {
        Assert.Throws<ConfigException>(() => ResultsDirectory.Existing(Path.Combine(Path.GetTempPath(), "no-such-loadtest-run-" + Guid.NewGuid())));
        using var temp = new TempFolder();
        var e = Assert.Throws<ConfigException>(temp.Folder.ReadSummary);
        Assert.Contains(ResultsDirectory.SummaryFile, e.Message, StringComparison.Ordinal);
    }
}
