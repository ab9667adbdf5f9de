using LoadTest.Core.Errors;
using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>Counts, tokens and latency distributions of one slice of a run (overall, a workload or a model).</summary>
internal sealed class GroupStats
{
    public long Scheduled { get; set; }

    public long Dropped { get; set; }

    public long Sent { get; set; }

    public long Ok { get; set; }

    public long Throttled { get; set; }

    public long Attempts { get; set; }

    /// <summary>Attempts after the first, per request (a request refused client-side made 0 attempts and no retries).</summary>
    public long Retries { get; set; }

    public long ThrottledAttempts { get; set; }

    /// <summary>Requests the client-side rate limiter refused to send (the server never saw them, or not their last retry).</summary>
    public long ClientRefused { get; set; }

    /// <summary>Time each request waited in its retry profile's client-side limiter (requests where it was measured).</summary>
    public LatencyHistogram LimiterWait { get; } = new();

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long CacheReadTokens { get; set; }

    public long CacheWriteTokens { get; set; }

    public long QuotaTokens { get; set; }

    /// <summary>Requests that consumed quota: those whose tokens the totals hold.</summary>
    public long ConsumedRequests { get; set; }

    /// <summary>Sessions, thinking, tools, prompt caching, embeddings and time to first visible token.</summary>
    public FeatureStats Features { get; } = new();

    /// <summary>Quota tokens reserved at admission by the requests that consumed quota (0 = not known).</summary>
    public long ReservedTokens { get; set; }

    /// <summary>Requests that consumed quota and whose reservation is known.</summary>
    public long Reserving { get; set; }

    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram Ttft { get; } = new();

    public void Add(RequestRecord r, long reservedTokens = 0)
    {
        Scheduled++;
        if (r.Outcome == Outcomes.Dropped)
        {
            Dropped++;
            return;
        }

        Sent++;
        Ok += r.Outcome == Outcomes.Ok ? 1 : 0;
        Throttled += r.Outcome == Outcomes.Throttled ? 1 : 0;
        Attempts += r.Attempts;
        Retries += Math.Max(0, r.Attempts - 1);
        ThrottledAttempts += r.ThrottledAttempts;
        ClientRefused += r.ErrorCode == BedrockClientErrorCodes.ClientRateLimited ? 1 : 0;
        if (r.LimiterWaitMs is { } wait)
        {
            LimiterWait.Record(wait);
        }

        Features.Add(r);

        if (r.Consumed)
        {
            InputTokens += r.InputTokens;
            OutputTokens += r.OutputTokens;
            CacheReadTokens += r.CacheReadTokens;
            CacheWriteTokens += r.CacheWriteTokens;
            QuotaTokens += r.QuotaTokens;
            ConsumedRequests++;
            ReservedTokens += reservedTokens;
            Reserving += reservedTokens > 0 ? 1 : 0;
        }

        if (r.LatencyMs is { } latency)
        {
            Latency.Record(latency);
        }

        if (r.Outcome == Outcomes.Ok && r.TtftMs is { } ttft)
        {
            Ttft.Record(ttft);
        }
    }

    public TokenTotals Tokens => new()
    {
        Input = InputTokens,
        Output = OutputTokens,
        CacheRead = CacheReadTokens,
        CacheWrite = CacheWriteTokens,
        Quota = QuotaTokens,
        Requests = ConsumedRequests,
    };

    public GroupSummary ToSummary(double minutes) => new()
    {
        Sent = Sent,
        Succeeded = Ok,
        Throttled = Throttled,
        Failed = Sent - Ok,
        AchievedRpm = minutes > 0 ? Math.Round(Ok / minutes, 3) : 0,
        ThrottleRate = Sent > 0 ? (double)Throttled / Sent : 0,
        ErrorRate = Sent > 0 ? (double)(Sent - Ok) / Sent : 0,
        LatencyMs = Latency.ToPercentiles(),
        TtftMs = Ttft.ToPercentiles(),
        TtfvtMs = Features.Ttfvt(),
        Tokens = Tokens,
        Features = Features.ToFeatures(),
        Reservation = Reserving == 0 ? null : ReservationPressure.Of(Reserving, ReservedTokens, QuotaTokens),
    };
}
