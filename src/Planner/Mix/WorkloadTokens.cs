using System.Text.Json.Serialization;
using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;

namespace LoadTest.Planner.Mix;

/// <summary>
/// The expected token mix of one workload declared in scenarios.yaml (no run needed): per request
/// and, for a session workload, per session, with thinking, tools and cache points as the workload
/// sets them. Expectations are averages over <see cref="Samples"/> sessions (or single requests)
/// drawn with a fixed seed from the workload's distributions, because session length enters the
/// cost quadratically (every turn resends the conversation so far): the average over the turns
/// distribution is more than the cost at its mean. A session's token arithmetic is
/// <see cref="SessionTokens"/>'s; per-request figures are the sessions' totals over their turns,
/// so requests per minute x quota tokens per request = sessions per minute x quota tokens per session.
/// </summary>
public sealed record WorkloadTokens
{
    /// <summary>Sessions (or single requests) drawn for the expectations.</summary>
    public const int Samples = 200_000;

    /// <summary>Of <see cref="Samples"/>, the first this many give the simulation's request shapes, turn by turn.</summary>
    public const int ShapeSessions = 2_000;

    public required string Name { get; init; }

    public required string Model { get; init; }

    /// <summary>True when every arrival starts a multi-turn session.</summary>
    public bool Sessions { get; init; }

    /// <summary>Whether the session's requests carry cache points (sessions only).</summary>
    public bool CachePoints { get; init; }

    /// <summary>Expected requests per arrival: the mean of the drawn session lengths (1 for single requests).</summary>
    public double TurnsPerSession { get; init; } = 1;

    /// <summary>maxTokens every request is held to at admission: its own, else the reservation rule's default (the model's maximum output).</summary>
    public long MaxTokens { get; init; }

    /// <summary>Thinking budget sent with each request (null: no thinking, or adaptive).</summary>
    public int? ThinkingBudgetTokens { get; init; }

    public bool AdaptiveThinking { get; init; }

    public required TokenFigures PerRequest { get; init; }

    /// <summary>A session's expected totals (null for single-request workloads).</summary>
    public TokenFigures? PerSession { get; init; }

    /// <summary>Each turn of the first <see cref="ShapeSessions"/> drawn sessions, for the throttling simulation (not serialized).</summary>
    [JsonIgnore]
    public IReadOnlyList<RequestShape> Shapes { get; init; } = [];

    /// <summary>
    /// The expected mix of <paramref name="workload"/> on <paramref name="model"/>. Per session with
    /// T turns (drawn), each turn resends the prefix (cached system prompt and tool definitions) and
    /// the conversation, and adds its new content: the user's input, or, on turns 2..T with tools, the
    /// tool's result when the answer before it called one (at the call rate), as the engine sends it;
    /// each answer is the output drawn (capped so answer + thinking fits maxTokens) plus the
    /// thinking drawn (capped by the budget); the thinking of a tool exchange is carried as input
    /// while it lasts, as <see cref="SessionTokens.Session"/> counts it. Without a
    /// session a request sends the prefix, read from the cache when the workload declares a cached
    /// system prompt, and its input. Embedding requests send texts x input tokens and output nothing.
    /// </summary>
    /// <param name="workload">The declared workload.</param>
    /// <param name="model">Its model (burndown, maximum output).</param>
    /// <param name="reservation">The reservation rule (the maxTokens of a request that sends none).</param>
    /// <param name="seed">Seed of the draws.</param>
    public static WorkloadTokens Expect(WorkloadSpec workload, ModelSpec model, ReservationPolicy reservation, int seed)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reservation);
        var embed = workload.Api == ApiKind.Embed;
        var maxTokens = embed ? 0 : reservation.MaxTokensFor(workload.MaxTokens, model.MaxOutputTokens);
        var thinking = embed ? null : workload.Thinking;
        if (thinking?.BudgetTokens is { } budget && budget >= maxTokens)
        {
            throw new ConfigException($"workload '{workload.Name}': thinking budgetTokens {budget:N0} must be below maxTokens {maxTokens:N0} (thinking counts inside maxTokens)");
        }

        var session = embed ? null : workload.Session;
        var tools = embed ? null : workload.Tools;
        var prefix = workload.CachedPrefixTokens + ((long)(tools?.Count ?? 0) * (tools?.DefinitionTokens ?? 0));
        var cachePoints = session?.CachePoints ?? false;
        var random = new Random(seed);
        var shapes = new List<RequestShape>();
        double turns = 0, input = 0, write = 0, read = 0, output = 0, thought = 0, quota = 0, quotaWithout = 0;
        for (var i = 0; i < Samples; i++)
        {
            // Samples past the checked limits are capped, as the engine sends them.
            var t = Math.Min(session?.Turns.Sample(random) ?? 1, SessionSpec.MaxTurns);
            var texts = embed ? Math.Min(workload.Texts?.Sample(random) ?? 1, model.MaxTextsPerRequest) : 1;
            var userTokens = (long)workload.InputTokens.Sample(random) * texts;
            var resultTokens = session is not null && tools is not null ? tools.ResultTokens.Sample(random) : -1;
            long think = thinking is null ? 0 : Math.Min(thinking.Used.Sample(random), Math.Min(thinking.BudgetTokens ?? int.MaxValue, maxTokens - 1));
            long answer = embed ? 0 : Math.Clamp(workload.OutputTokens.Sample(random), 0, Math.Max(0, maxTokens - think));
            long sessionInput = 0, sessionWrite = 0, sessionRead = 0, plainInput = 0, plainWrite = 0;
            var conversation = session is null ? null : new SessionTokens.Session(prefix, cachePoints, prefixCached: true);

            // The same session without thinking, for what thinking adds (no carried blocks either).
            var plain = session is null || think == 0 ? null : new SessionTokens.Session(prefix, cachePoints, prefixCached: true);
            for (var k = 0; k < t; k++)
            {
                // The engine answers a tool call in the next turn with the tool's result instead of
                // new user text: turns 2..T, each when the answer before it called a tool.
                var toolResult = k > 0 && resultTokens >= 0 && random.NextDouble() < tools!.CallRate;
                var newTokens = toolResult ? resultTokens : userTokens;
                var split = conversation is null
                    ? Single(prefix, newTokens, workload.CachedPrefixTokens > 0)
                    : conversation.Next(newTokens, toolResult);
                conversation?.Answered(answer, think);
                var plainSplit = plain?.Next(newTokens, toolResult) ?? split;
                plain?.Answered(answer, 0);
                sessionInput += split.Input;
                sessionWrite += split.CacheWrite;
                plainInput += plainSplit.Input;
                plainWrite += plainSplit.CacheWrite;
                sessionRead += split.CacheRead;
                if (i < ShapeSessions)
                {
                    shapes.Add(new RequestShape(split.Input, split.CacheWrite, answer + think, maxTokens, null) { ThinkingTokens = think });
                }
            }

            var sessionOutput = (answer + think) * t;
            turns += t;
            input += sessionInput;
            write += sessionWrite;
            read += sessionRead;
            output += sessionOutput;
            thought += think * t;
            quota += QuotaCost.Consumed(sessionInput, sessionWrite, sessionOutput, model.Burndown);
            quotaWithout += QuotaCost.Consumed(plainInput, plainWrite, answer * t, model.Burndown);
        }

        var perSession = new TokenFigures(input / Samples, write / Samples, read / Samples, output / Samples, thought / Samples, quota / Samples, quotaWithout / Samples);
        var meanTurns = turns / Samples;
        return new WorkloadTokens
        {
            Name = workload.Name,
            Model = workload.Model,
            Sessions = session is not null,
            CachePoints = cachePoints,
            TurnsPerSession = meanTurns,
            MaxTokens = maxTokens,
            ThinkingBudgetTokens = thinking?.BudgetTokens,
            AdaptiveThinking = thinking?.Adaptive ?? false,
            PerRequest = perSession.Over(meanTurns),
            PerSession = session is null ? null : perSession,
            Shapes = shapes,
        };
    }

    /// <summary>A request outside a session: the prefix is read from the cache when a cache point follows it (another request wrote it), else full-price input.</summary>
    private static InputSplit Single(long prefix, long newTokens, bool prefixCached)
        => prefixCached ? new InputSplit(newTokens, prefix, 0) : new InputSplit(prefix + newTokens, 0, 0);
}
