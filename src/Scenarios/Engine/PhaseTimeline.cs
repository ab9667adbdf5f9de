using LoadTest.Config;
using LoadTest.Scenarios.Load;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>A run's phases laid end to end on its clock, in milliseconds from the start.</summary>
internal sealed class PhaseTimeline
{
    private readonly double[] _startMs;

    public PhaseTimeline(IReadOnlyList<LoadPhase> phases)
    {
        Phases = phases;
        _startMs = new double[phases.Count + 1];
        for (var i = 0; i < phases.Count; i++)
        {
            _startMs[i + 1] = _startMs[i] + phases[i].Duration.TotalMilliseconds;
        }
    }

    public IReadOnlyList<LoadPhase> Phases { get; }

    public int Count => Phases.Count;

    /// <summary>When the last phase ends.</summary>
    public double EndMs => _startMs[^1];

    public double StartMs(int phase) => _startMs[phase];

    public double EndMsOf(int phase) => _startMs[phase + 1];

    /// <summary>The phase a second of the run belongs to (the last one for seconds after the load).</summary>
    public int PhaseOfSecond(int second)
    {
        var ms = second * 1000.0;
        for (var i = 0; i < Phases.Count; i++)
        {
            if (ms < _startMs[i + 1])
            {
                return i;
            }
        }

        return Math.Max(0, Phases.Count - 1);
    }

    /// <summary>The phases that had begun by <paramref name="loadEndMs"/>, the last cut there.</summary>
    public IReadOnlyList<PhaseWindow> Windows(double loadEndMs)
    {
        var windows = new List<PhaseWindow>();
        for (var i = 0; i < Phases.Count && _startMs[i] < Math.Max(loadEndMs, 1e-9); i++)
        {
            windows.Add(new PhaseWindow(i, Phases[i].Kind, Phases[i].Describe(), _startMs[i] / 1000, Math.Min(_startMs[i + 1], loadEndMs) / 1000));
        }

        return windows;
    }
}
