using System.Diagnostics;
using System.Globalization;
using LoadTest.Import;
using LoadTest.Scenarios.Progress;

namespace LoadTest.Cli.Commands;

/// <summary>
/// The import's progress on a terminal: one line redrawn in place a few times a second (bar of the
/// compressed bytes read, files done, records per second, time left), and left on screen at the end.
/// Only for an interactive stderr; redirected output (CI, tests) gets no bar.
/// </summary>
internal sealed class ImportProgressBar : IDisposable
{
    private const int BarWidth = 24;

    private readonly TextWriter _writer;
    private readonly ReadProgress _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private bool _done;

    public ImportProgressBar(TextWriter writer, ReadProgress progress)
    {
        _writer = writer;
        _progress = progress;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>A bar for the process's own stderr when it is a terminal, else null.</summary>
    public static ImportProgressBar? ForTerminal(TextWriter stderr, ReadProgress progress)
        => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new ImportProgressBar(stderr, progress) : null;

    /// <summary>"[#########---------------]  38% | files 18/48 | 420 MiB / 1.1 GiB | 52.4k records/s | ETA 00:07".</summary>
    public static string Line(ReadProgressSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var filled = (int)Math.Round(s.Done * BarWidth);
        var eta = s.Remaining is { } left ? ProgressText.Clock(left) : "--:--";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {s.Done,5:P0} | files {s.FilesDone}/{s.FilesTotal} | {Bytes(s.BytesRead)} / {Bytes(s.BytesTotal)} | {ProgressText.Compact(s.RecordsPerSecond)} records/s | ETA {eta}");
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            _done = true;
            _writer.Write("\r" + Line(_progress.Snapshot(_clock.Elapsed)) + ClearToEnd + "\n");
            _writer.Flush();
        }
    }

    /// <summary>ANSI "erase to end of line": a shorter line leaves nothing of the longer one before it.</summary>
    private const string ClearToEnd = "\u001b[K";

    private static string Bytes(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
        : (bytes / (double)(1L << 20)).ToString("0", CultureInfo.InvariantCulture) + " MiB";

    private void Draw()
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            _writer.Write("\r" + Line(_progress.Snapshot(_clock.Elapsed)) + ClearToEnd);
            _writer.Flush();
        }
    }
}
