namespace LoadTest.Import;

/// <summary>
/// What the readers saw: files read, records taken, lines skipped. The first
/// <see cref="KeptInFull"/> skipped lines are kept with file, line and reason; the rest are counted.
/// </summary>
public sealed class ReadLog
{
    /// <summary>Skipped lines reported in full; past these only the count grows.</summary>
    public const int KeptInFull = 5;

    private readonly List<SkippedLine> _firstSkipped = [];
    private readonly List<string> _files = [];
    private readonly List<string> _passedOver = [];

    public IReadOnlyList<string> Files => _files;

    public IReadOnlyList<SkippedLine> FirstSkipped => _firstSkipped;

    /// <summary>Files found in a folder that held no usable record, left out whole.</summary>
    public IReadOnlyList<string> PassedOver => _passedOver;

    public long Records { get; private set; }

    public long Skipped { get; private set; }

    /// <summary>Well-formed records of no interest (CloudTrail events of other services).</summary>
    public long Ignored { get; private set; }

    internal void Ignore() => Ignored++;

    internal void FileRead(string path) => _files.Add(path);

    internal void PassOver(string path) => _passedOver.Add(path);

    internal void RecordRead() => Records++;

    /// <summary>Adds what another log saw after this one's (one file read on a worker thread).</summary>
    internal void Append(ReadLog other)
    {
        _files.AddRange(other._files);
        Records += other.Records;
        Skipped += other.Skipped;
        Ignored += other.Ignored;
        _firstSkipped.AddRange(other._firstSkipped.Take(KeptInFull - _firstSkipped.Count));
    }

    internal void Skip(string file, long line, string reason)
    {
        Skipped++;
        if (_firstSkipped.Count < KeptInFull)
        {
            _firstSkipped.Add(new SkippedLine(file, line, reason));
        }
    }
}
