using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>The aggregates of one named step over a run: counts and HdrHistograms, folded in as iterations complete.</summary>
internal sealed class StepStats
{
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _ttft = new();
    private long _ok;
    private long _failed;

    public void Add(StepTiming step)
    {
        _latency.Record(step.Duration.TotalMilliseconds);
        if (step.FirstToken is { } ttft)
        {
            _ttft.Record(ttft.TotalMilliseconds);
        }

        if (step.Ok)
        {
            _ok++;
        }
        else
        {
            _failed++;
        }
    }

    public StepSummary ToSummary()
    {
        var count = _ok + _failed;
        return new StepSummary
        {
            Count = count,
            Succeeded = _ok,
            Failed = _failed,
            ErrorRate = count > 0 ? (double)_failed / count : 0,
            LatencyMs = _latency.ToPercentiles(),
            TtftMs = _ttft.Count > 0 ? _ttft.ToPercentiles() : null,
        };
    }
}
