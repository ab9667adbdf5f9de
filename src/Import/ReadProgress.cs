namespace LoadTest.Import;

/// <summary>
/// How far the readers are: files and compressed bytes read of the total, records taken. The
/// readers add to it from their worker threads; a display polls <see cref="Snapshot"/>.
/// </summary>
public sealed class ReadProgress
{
    private long _filesTotal;
    private long _filesDone;
    private long _bytesTotal;
    private long _bytesRead;
    private long _records;

    /// <summary>What has been read when <paramref name="elapsed"/> has passed since the import began.</summary>
    public ReadProgressSnapshot Snapshot(TimeSpan elapsed) => new(
        (int)Interlocked.Read(ref _filesDone),
        (int)Interlocked.Read(ref _filesTotal),
        Interlocked.Read(ref _bytesRead),
        Interlocked.Read(ref _bytesTotal),
        Interlocked.Read(ref _records),
        elapsed);

    internal void FilesFound(int count, long bytes)
    {
        Interlocked.Add(ref _filesTotal, count);
        Interlocked.Add(ref _bytesTotal, bytes);
    }

    internal void FileDone() => Interlocked.Increment(ref _filesDone);

    internal void BytesRead(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    internal void RecordsRead(long records) => Interlocked.Add(ref _records, records);
}

/// <summary>
/// One look at a <see cref="ReadProgress"/>. Bytes are the files' own (compressed) sizes, so the
/// share done and the ETA follow the disk, whatever each file's compression ratio.
/// </summary>
public sealed record ReadProgressSnapshot(int FilesDone, int FilesTotal, long BytesRead, long BytesTotal, long Records, TimeSpan Elapsed)
{
    /// <summary>Share of the input's bytes read, 0 to 1 (0 while there is nothing to read).</summary>
    public double Done => BytesTotal <= 0 ? 0 : Math.Clamp((double)BytesRead / BytesTotal, 0, 1);

    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Records / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the byte rate so far; null until something has been read.</summary>
    public TimeSpan? Remaining => Done switch
    {
        <= 0 => null,
        >= 1 => TimeSpan.Zero,
        var done => TimeSpan.FromSeconds(Elapsed.TotalSeconds * (1 - done) / done),
    };
}
