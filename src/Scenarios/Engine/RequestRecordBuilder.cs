using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Scenarios.Measurement;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>Turns a planned request and what the target answered into its row of the per-request file.</summary>
internal sealed class RequestRecordBuilder
{
    /// <summary>Longer than any stop reason Bedrock documents (the longest Converse one, model_context_window_exceeded, has 29 characters).</summary>
    private const int MaxStopReasonLength = 40;

    private readonly Dictionary<string, double> _burndown;
    private readonly Dictionary<string, int> _maxOutput;
    private readonly ReservationPolicy _reservation;

    public RequestRecordBuilder(IReadOnlyList<ModelSpec> models, IEnumerable<WorkloadSpec> workloads, ReservationPolicy? reservation = null)
    {
        _reservation = reservation ?? ReservationPolicy.Default;
        _burndown = models.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Burndown, StringComparer.Ordinal);
        _maxOutput = models.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().MaxOutputTokens, StringComparer.Ordinal);
        foreach (var w in workloads)
        {
            // A model outside models: and the catalog burns down at the family's documented rate;
            // looked up once here, not on every completed request.
            _burndown.TryAdd(w.Model, BurndownRate.For(w.Model));
            _maxOutput.TryAdd(w.Model, new ModelSpec { Id = w.Model }.MaxOutputTokens);
        }
    }

    /// <summary>
    /// Quota tokens the target reserved at admission for a request that consumed quota, by the
    /// target's rule (<see cref="QuotaCost.Reserved"/>); 0 for one that consumed nothing. A row
    /// with maxTokens 0 sent none: it reserved the rule's default, the model's maximum output.
    /// </summary>
    public long Reserved(RequestRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!r.Consumed)
        {
            return 0;
        }

        var max = r.MaxTokens > 0 ? r.MaxTokens : _reservation.MaxTokensFor(null, _maxOutput.GetValueOrDefault(r.Model, new ModelSpec { Id = r.Model }.MaxOutputTokens));
        return QuotaCost.Reserved(r.InputTokens, r.CacheWriteTokens, max, _burndown.GetValueOrDefault(r.Model, BurndownRate.For(r.Model)), _reservation);
    }

    public RequestRecord Sent(PlannedRequest planned, int phase, double scheduledMs, double startedMs, double endedMs, SendResult result)
    {
        var w = planned.Workload;

        // A request the target did not serve (throttled, failed before any usage) consumed nothing;
        // its row still carries the planned input size, so the token mix of the per-request file is not
        // biased toward the small requests that got through. A failure after usage was reported
        // (a broken stream) did consume, and keeps what it reported.
        var consumed = result.Outcome == Outcomes.Ok || result.InputTokens > 0 || result.OutputTokens > 0;
        var inputTokens = result.Outcome == Outcomes.Ok || result.InputTokens > 0 ? result.InputTokens : planned.InputTokens;
        return new RequestRecord
        {
            Id = planned.Id,
            ScheduledMs = Math.Round(scheduledMs, 3),
            StartedMs = Math.Round(startedMs, 3),
            FirstByteMs = result.FirstByte is { } fb ? Math.Round(startedMs + fb.TotalMilliseconds, 3) : null,
            FirstTokenMs = result.FirstToken is { } ft ? Math.Round(startedMs + ft.TotalMilliseconds, 3) : null,
            EndedMs = Math.Round(endedMs, 3),
            Phase = phase,
            Workload = w.Name,
            Model = w.Model,
            Api = w.Api.ToText(),
            Outcome = result.Outcome,
            ErrorCode = result.ErrorCode,
            HttpStatus = result.HttpStatus,
            Attempts = Math.Max(0, result.Attempts),
            ThrottledAttempts = result.ThrottledAttempts,
            InputTokens = inputTokens,
            OutputTokens = result.OutputTokens,
            CacheReadTokens = result.CacheReadTokens,
            CacheWriteTokens = result.CacheWriteTokens,
            QuotaTokens = consumed ? QuotaCost.Consumed(inputTokens, result.CacheWriteTokens, result.OutputTokens, _burndown[w.Model]) : 0,
            MaxTokens = planned.MaxTokens ?? 0, // 0: sent without maxTokens
            InferenceRegion = result.InferenceRegion,
            RequestId = result.RequestId,
            LimiterWaitMs = result.LimiterWait is { } wait ? Math.Round(wait.TotalMilliseconds, 3) : null,
            SessionId = planned.SessionId,
            Turn = planned.Turn,
            FirstVisibleTokenMs = result.FirstVisibleToken is { } fv ? Math.Round(startedMs + fv.TotalMilliseconds, 3) : null,
            ThinkingTokens = result.ThinkingTokens,
            ToolCalls = Math.Max(0, result.ToolCalls),
            Embeddings = result.Embeddings,
            StopReason = StopReasonWord(result.StopReason),
        };
    }

    /// <summary>
    /// The stop reason as the one word the service uses (end_turn, tool_use, max_tokens...). Anything
    /// else a target might put there is not written: the per-request file never carries answer text.
    /// </summary>
    internal static string? StopReasonWord(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return null;
        }

        return reason.Length <= MaxStopReasonLength && reason.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? reason
            : "other";
    }

    /// <summary>An open-model start that was not made because max in-flight was reached.</summary>
    public static RequestRecord Dropped(PlannedRequest planned, int phase, double scheduledMs) => new()
    {
        Id = planned.Id,
        ScheduledMs = Math.Round(scheduledMs, 3),
        Phase = phase,
        Workload = planned.Workload.Name,
        Model = planned.Workload.Model,
        Api = planned.Workload.Api.ToText(),
        Outcome = Outcomes.Dropped,
        ErrorCode = "MaxInFlight",
        Attempts = 0,
        InputTokens = planned.InputTokens,
        SessionId = planned.SessionId,
        Turn = planned.Turn,
        MaxTokens = planned.MaxTokens ?? 0, // 0: sent without maxTokens
    };
}
