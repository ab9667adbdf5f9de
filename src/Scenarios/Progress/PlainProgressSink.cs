using LoadTest.Scenarios.Measurement;

namespace LoadTest.Scenarios.Progress;

/// <summary>For redirected output (CI logs): one plain line every few seconds, and when a phase changes.</summary>
public sealed class PlainProgressSink : IProgressSink
{
    private readonly TextWriter _writer;
    private readonly TimeSpan _every;
    private TimeSpan _lastPrinted = TimeSpan.MinValue;
    private int _lastPhase = -1;
    private bool _lastSaturated;
    private ProgressSnapshot? _last;

    public PlainProgressSink(TextWriter writer, TimeSpan? every = null)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _every = every ?? TimeSpan.FromSeconds(5);
    }

    public void Report(ProgressSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _last = snapshot;

        // Saturation is printed when it begins, not at the next regular line: a CI log then shows the moment.
        var saturated = snapshot.Harness?.Saturated == true;
        var saturationBegan = saturated && !_lastSaturated;
        _lastSaturated = saturated;
        if (snapshot.PhaseIndex != _lastPhase || snapshot.Elapsed - _lastPrinted >= _every || saturationBegan)
        {
            _lastPhase = snapshot.PhaseIndex;
            _lastPrinted = snapshot.Elapsed;
            _writer.WriteLine(ProgressText.Line(snapshot));
        }
    }

    public void Complete()
    {
        if (_last is not null && _last.Elapsed != _lastPrinted)
        {
            _writer.WriteLine(ProgressText.Line(_last));
        }

        _writer.Flush();
    }
}
