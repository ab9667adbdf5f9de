namespace LoadTest.Import.Tests;

public sealed class ReadProgressTests : IDisposable
{
    private readonly Records _r = new();

    public void Dispose() => _r.Dispose();

    [Fact]
    public void Share_done_rate_and_time_left_follow_the_bytes_read()
    {
        // 300 of 1,200 bytes in 10 s: a quarter done, so 30 s left at that pace; 5,000 records / 10 s.
        var s = new ReadProgressSnapshot(FilesDone: 1, FilesTotal: 4, BytesRead: 300, BytesTotal: 1_200, Records: 5_000, Elapsed: TimeSpan.FromSeconds(10));

        Assert.Equal(0.25, s.Done);
        Assert.Equal(500, s.RecordsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Remaining);
    }

    [Fact]
    public void Before_anything_is_read_there_is_no_time_left_to_tell_and_at_the_end_none_is_left()
    {
        var start = new ReadProgressSnapshot(0, 3, 0, 900, 0, TimeSpan.Zero);
        var end = new ReadProgressSnapshot(3, 3, 900, 900, 42, TimeSpan.FromSeconds(2));
        var nothing = new ReadProgressSnapshot(0, 0, 0, 0, 0, TimeSpan.FromSeconds(1));

        Assert.Null(start.Remaining);
        Assert.Equal(0, start.RecordsPerSecond);
        Assert.Equal(1, end.Done);
        Assert.Equal(TimeSpan.Zero, end.Remaining);
        Assert.Equal(0, nothing.Done);
        Assert.Null(nothing.Remaining);
    }

    [Fact]
    public void An_import_counts_every_file_its_compressed_bytes_and_its_records()
    {
        var plain = _r.Write("logs/a.json", string.Join("\n", Records.Sample));
        var gzipped = _r.WriteGzip("logs/b.json.gz", string.Join("\n", Records.Sample.Take(3)));
        var progress = new ReadProgress();

        var records = InvocationLogReader.Read([_r.Path_("logs")], new ReadLog(), progress).Count();

        var s = progress.Snapshot(TimeSpan.FromSeconds(1));
        Assert.Equal(7, records);
        Assert.Equal((2, 2, 7L), (s.FilesDone, s.FilesTotal, s.Records));
        Assert.Equal(new FileInfo(plain).Length + new FileInfo(gzipped).Length, s.BytesTotal);
        Assert.Equal(s.BytesTotal, s.BytesRead);
        Assert.Equal(1, s.Done);
    }

    [Fact]
    public void While_the_first_file_is_being_taken_the_workers_read_only_a_few_files_ahead()
    {
        for (var f = 0; f < 40; f++)
        {
            _r.WriteGzip($"many/{f:00}.json.gz", string.Join("\n", Enumerable.Range(0, 500).Select(i => Records.Log($"2026-11-03T10:00:{i % 60:00}Z", Records.Llama, i, 1))));
        }

        var progress = new ReadProgress();
        using (var records = InvocationLogReader.Read([_r.Path_("many")], new ReadLog(), progress).GetEnumerator())
        {
            Assert.True(records.MoveNext());

            // A slow consumer: the workers have all the time they want to run ahead.
            Thread.Sleep(1_000);
            var s = progress.Snapshot(TimeSpan.FromSeconds(1));

            // One file a core being read plus two waiting: far from all 40.
            Assert.InRange(s.BytesRead, 1, s.BytesTotal * (Environment.ProcessorCount + 2 + 1) / 40);
        }
    }
}
