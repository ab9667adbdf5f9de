using LoadTest.Scenarios.Engine;
using LoadTest.Results;

namespace LoadTest.Scenarios.Tests;

/// <summary>A target that answers after a real delay, with an outcome chosen per request; counts concurrency.</summary>
internal sealed class FakeSender : IRequestSender
{
    private readonly Func<PlannedRequest, TimeSpan> _latency;
    private readonly Func<PlannedRequest, string> _outcome;
    private int _inFlight;
    private int _maxInFlight;
    private int _calls;

    public FakeSender(TimeSpan latency, Func<PlannedRequest, string>? outcome = null)
        : this(_ => latency, outcome)
    {
    }

    public FakeSender(Func<PlannedRequest, TimeSpan> latency, Func<PlannedRequest, string>? outcome = null)
    {
        _latency = latency;
        _outcome = outcome ?? (_ => Outcomes.Ok);
    }

    public int Calls => Volatile.Read(ref _calls);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async Task<SendResult> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            var latency = _latency(request);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, cancellationToken);
            }

            var outcome = _outcome(request);
            return outcome == Outcomes.Ok
                ? new SendResult
                {
                    Outcome = Outcomes.Ok,
                    HttpStatus = 200,
                    FirstByte = latency / 2,
                    FirstToken = latency / 2,
                    InputTokens = request.InputTokens,
                    OutputTokens = request.OutputTokens,
                    InferenceRegion = "us-east-1",
                    RequestId = "r" + request.Id,
                }
                : new SendResult
                {
                    Outcome = outcome,
                    ErrorCode = outcome == Outcomes.Throttled ? "ThrottlingException" : "ServiceUnavailableException",
                    HttpStatus = outcome == Outcomes.Throttled ? 429 : 503,
                    Attempts = 3,
                    ThrottledAttempts = outcome == Outcomes.Throttled ? 3 : 0,
                };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
