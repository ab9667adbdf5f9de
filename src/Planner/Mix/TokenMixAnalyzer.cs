using LoadTest.Core.Errors;
using LoadTest.Core;
using LoadTest.Core.Quotas;
using LoadTest.Results;

namespace LoadTest.Planner.Mix;

/// <summary>Turns a run's request rows into token mixes per model, and per model and workload.</summary>
public static class TokenMixAnalyzer
{
    /// <param name="rows">The run's per-request rows.</param>
    /// <param name="durationSeconds">The run's length, for rates.</param>
    /// <param name="burndownFor">Burndown of a model ID (from the run's settings or the catalog).</param>
    /// <param name="seed">Seed of the bootstrap resampling.</param>
    /// <returns>For each model (ordinal order): the model's mix first (Workload null), then one per workload.</returns>
    public static IReadOnlyList<TokenMix> Analyze(IReadOnlyList<RequestRecord> rows, double durationSeconds, Func<string, double> burndownFor, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(burndownFor);
        if (durationSeconds <= 0 || double.IsNaN(durationSeconds))
        {
            throw new ConfigException($"the run's duration must be positive to measure rates (got {durationSeconds} s)");
        }

        var result = new List<TokenMix>();
        foreach (var byModel in rows.GroupBy(r => r.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var burndown = burndownFor(byModel.Key);
            var workloads = byModel.GroupBy(r => r.Workload, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Describe(byModel.Key, g.Key, g.ToList(), durationSeconds, burndown, seed, null))
                .ToList();
            var model = Describe(byModel.Key, null, byModel.ToList(), durationSeconds, burndown, seed, Stratify(workloads));
            result.Add(model with { Arrivals = ArrivalsOf(byModel, workloads, seed) });
            result.AddRange(workloads);
        }

        return result;
    }

    /// <summary>
    /// The model's request shapes with each workload weighted by all its requests, not only its
    /// completed ones: a workload of large requests is throttled more, so its completed requests
    /// under-represent it, and drawing from them alone would under-predict throttling.
    /// </summary>
    private static RequestShape[] Stratify(List<TokenMix> workloads)
    {
        var shapes = new List<RequestShape>();
        foreach (var w in workloads.Where(w => w.Shapes.Count > 0))
        {
            var copies = Math.Max(w.Requests, w.Shapes.Count);
            for (var i = 0; i < copies; i++)
            {
                shapes.Add(w.Shapes[i % w.Shapes.Count]);
            }
        }

        return shapes.ToArray();
    }

    /// <summary>
    /// Completed requests as they were, plus requests that failed after the target counted their
    /// input (input tokens recorded) with an output length drawn from the completed ones, so the
    /// throttled share of the demand is in the mix when the results say how large it was.
    /// </summary>
    private static RequestShape[] ShapesOf(List<RequestRecord> ok, IEnumerable<RequestRecord> failedWithInput, Random random)
    {
        var shapes = ok.Select(ShapeOf).ToList();
        if (ok.Count == 0)
        {
            return shapes.ToArray();
        }

        foreach (var r in failedWithInput)
        {
            var like = ok[random.Next(ok.Count)];
            var output = r.MaxTokens > 0 ? Math.Min(like.OutputTokens, r.MaxTokens) : like.OutputTokens;
            shapes.Add(new RequestShape(r.InputTokens, r.CacheWriteTokens, output, r.MaxTokens, ServiceSeconds(like)) { ThinkingTokens = Math.Min(ThinkingOf(like), output) });
        }

        return shapes.ToArray();
    }

    /// <summary>
    /// The model's sent requests in schedule order, each with its own shape when it completed,
    /// otherwise one drawn from its own workload's shapes: throttled requests lean to the large
    /// workloads, and drawing them from the whole mix would make the replay too light.
    /// </summary>
    private static ReplayArrival[] ArrivalsOf(IEnumerable<RequestRecord> rows, List<TokenMix> workloads, int seed)
    {
        var random = new Random(seed);
        var shapesOf = workloads.Where(w => w.Shapes.Count > 0).ToDictionary(w => w.Workload!, w => w.Shapes, StringComparer.Ordinal);
        return rows.Where(r => r.Outcome != Outcomes.Dropped)
            .OrderBy(r => r.ScheduledMs)
            .Select(r => new ReplayArrival(
                Math.Max(0, r.ScheduledMs) / 1000.0,
                r.Outcome == Outcomes.Ok ? ShapeOf(r) : shapesOf.TryGetValue(r.Workload, out var shapes) ? shapes[random.Next(shapes.Count)] : null,
                r.Phase,
                r.Outcome == Outcomes.Throttled))
            .ToArray();
    }

    private static RequestShape ShapeOf(RequestRecord r) => new(r.InputTokens, r.CacheWriteTokens, r.OutputTokens, r.MaxTokens, ServiceSeconds(r))
    {
        ThinkingTokens = ThinkingOf(r),
    };

    /// <summary>The row's thinking tokens, which are part of its output tokens (0 without thinking).</summary>
    private static int ThinkingOf(RequestRecord r) => Math.Clamp(r.ThinkingTokens ?? 0, 0, Math.Max(0, r.OutputTokens));

    private static TokenMix Describe(string model, string? workload, List<RequestRecord> rows, double durationSeconds, double burndown, int seed, RequestShape[]? shapes)
    {
        // Each group gets its own generator from the same seed so adding a workload does not
        // change another group's confidence intervals.
        var random = new Random(seed);
        var ok = rows.Where(r => r.Outcome == Outcomes.Ok).ToList();
        var sent = rows.Count(r => r.Outcome != Outcomes.Dropped);
        var throttled = rows.Count(r => r.Outcome == Outcomes.Throttled);
        double[] Of(Func<RequestRecord, double> f) => ok.Select(f).ToArray();
        return new TokenMix
        {
            Model = model,
            Workload = workload,
            Requests = rows.Count,
            Sent = sent,
            Succeeded = ok.Count,
            Throttled = throttled,
            ClientRateLimited = rows.Count(r => r.Outcome == Outcomes.Throttled && r.ErrorCode == BedrockClientErrorCodes.ClientRateLimited),
            ObservedRpm = rows.Count / (durationSeconds / 60.0),
            MeasuredThrottleRate = sent == 0 ? 0 : (double)throttled / sent,
            InputTokens = TokenStatistics.Describe(Of(r => r.InputTokens), random),
            OutputTokens = TokenStatistics.Describe(Of(r => r.OutputTokens), random),
            CacheReadTokens = TokenStatistics.Describe(Of(r => r.CacheReadTokens), random),
            CacheWriteTokens = TokenStatistics.Describe(Of(r => r.CacheWriteTokens), random),
            ThinkingTokens = TokenStatistics.Describe(Of(r => ThinkingOf(r)), random),
            QuotaTokens = TokenStatistics.Describe(Of(r => QuotaCost.Consumed(r.InputTokens, r.CacheWriteTokens, r.OutputTokens, burndown)), random),
            Sessions = SessionsOf(rows, durationSeconds, burndown),
            MaxTokens = TokenStatistics.Describe(Of(r => r.MaxTokens), random),
            ServiceSeconds = TokenStatistics.Describe(ok.Where(r => ServiceSeconds(r) is not null).Select(r => ServiceSeconds(r)!.Value).ToArray(), random),
            Shapes = shapes ?? ShapesOf(ok, rows.Where(r => r.Outcome != Outcomes.Ok && r.Outcome != Outcomes.Dropped && r.InputTokens > 0), random),
        };
    }

    /// <summary>The rows' sessions (<see cref="SessionMix"/>), null when none of them is a session's turn.</summary>
    private static SessionMix? SessionsOf(List<RequestRecord> rows, double durationSeconds, double burndown)
    {
        var sessions = new HashSet<long>();
        long turns = 0;
        double quota = 0;
        foreach (var r in rows)
        {
            if (r.SessionId is not { } id)
            {
                continue;
            }

            sessions.Add(id);
            turns++;
            if (r.Consumed)
            {
                quota += QuotaCost.Consumed(r.InputTokens, r.CacheWriteTokens, r.OutputTokens, burndown);
            }
        }

        return sessions.Count == 0
            ? null
            : new SessionMix(sessions.Count, sessions.Count / (durationSeconds / 60.0), (double)turns / sessions.Count, quota / sessions.Count);
    }

    /// <summary>Seconds the request held its quota reservation: first start to end (null when unknown).</summary>
    private static double? ServiceSeconds(RequestRecord r)
        => r.StartedMs is { } s && r.EndedMs is { } e && e >= s ? (e - s) / 1000.0 : null;
}
