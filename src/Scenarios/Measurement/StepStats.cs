using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>The aggregates of one named step over a run: counts, sizes and HdrHistograms, folded in as iterations complete.</summary>
internal sealed class StepStats
{
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _ttft = new();
    private long _ok;
    private long _failed;
    private long _timedOut;
    private long _requestBytes;
    private long _responseBytes;

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

        if (step.TimedOut)
        {
            _timedOut++;
        }

        _requestBytes += step.RequestBytes;
        _responseBytes += step.ResponseBytes;
    }

    public StepSummary ToSummary()
    {
        var count = _ok + _failed;
        return new StepSummary
        {
            Count = count,
            Succeeded = _ok,
            Failed = _failed,
            TimedOut = _timedOut,
            ErrorRate = count > 0 ? (double)_failed / count : 0,
            LatencyMs = _latency.ToPercentiles(),
            TtftMs = _ttft.Count > 0 ? _ttft.ToPercentiles() : null,
            Sizes = _requestBytes + _responseBytes > 0
                ? new StepSizes
                {
                    RequestBytes = _requestBytes,
                    ResponseBytes = _responseBytes,
                    RequestBytesPerRun = (double)_requestBytes / count,
                    ResponseBytesPerRun = (double)_responseBytes / count,
                }
                : null,
        };
    }
}
