using LoadTest.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Picks each request's workload by the scenario's mix weights and samples its token sizes, from
/// one seeded random source, so the same seed gives the same request sequence. Thread-safe (closed
/// model users plan concurrently).
/// </summary>
public sealed class RequestPlanner
{
    private readonly WorkloadSpec[] _workloads;
    private readonly double[] _cumulative;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private long _nextId;
    private long _nextSession;

    public RequestPlanner(IReadOnlyDictionary<string, double> mix, IEnumerable<WorkloadSpec> workloads, Random random)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(workloads);
        _random = random ?? throw new ArgumentNullException(nameof(random));
        var byName = workloads.ToDictionary(w => w.Name, StringComparer.Ordinal);
        var chosen = mix.Where(kv => kv.Value > 0).ToList();
        if (chosen.Count == 0)
        {
            throw new ArgumentException("the mix has no workload with a positive weight", nameof(mix));
        }

        _workloads = chosen.Select(kv => byName.TryGetValue(kv.Key, out var w) ? w : throw new ArgumentException($"unknown workload '{kv.Key}'", nameof(mix))).ToArray();
        _cumulative = new double[chosen.Count];
        var total = chosen.Sum(kv => kv.Value);
        var running = 0.0;
        for (var i = 0; i < chosen.Count; i++)
        {
            running += chosen[i].Value / total;
            _cumulative[i] = running;
        }

        _cumulative[^1] = 1.0;
    }

    public IReadOnlyList<WorkloadSpec> Workloads => _workloads;

    /// <summary>The next request id, for a request whose sizes are not sampled (a replayed row).</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>The next request; for a session workload, the first turn of a new session (<see cref="NextSession"/>).</summary>
    public PlannedRequest Next() => NextSession()[0];

    /// <summary>
    /// The next arrival's requests: one for a single-turn workload, every turn of a new session for a
    /// session workload, all sampled at once so a seed gives the same sessions whatever the timing.
    /// A single-turn workload draws exactly what it always has (workload, input, output), followed
    /// only by its thinking and tool draws.
    /// </summary>
    public IReadOnlyList<PlannedRequest> NextSession()
    {
        lock (_gate)
        {
            var u = _random.NextDouble();
            var index = Array.FindIndex(_cumulative, c => u < c);
            var workload = _workloads[index < 0 ? _workloads.Length - 1 : index];
            if (workload.Session is not { } session)
            {
                return [Turn(workload, null, 1, 1)];
            }

            var turns = Math.Clamp(session.Turns.Sample(_random), 1, SessionSpec.MaxTurns);
            var conversation = new SessionConversation();
            var id = ++_nextSession;
            var plans = new PlannedRequest[turns];
            for (var k = 0; k < turns; k++)
            {
                plans[k] = Turn(workload, conversation, k + 1, turns) with { SessionId = id };
            }

            return plans;
        }
    }

    /// <summary>One request's sizes, drawn under the lock: input, output, then thinking, tool and embedding draws when the workload has them.</summary>
    private PlannedRequest Turn(WorkloadSpec workload, SessionConversation? conversation, int turn, int turns)
    {
        var input = workload.InputTokens.Sample(_random);
        var sampled = workload.OutputTokens.Sample(_random);
        var max = workload.MaxTokens;
        var thinking = 0;
        if (workload.Thinking is { } t)
        {
            // Thinking counts inside maxTokens: the visible answer gets what the thinking leaves.
            thinking = Math.Min(t.Used.Sample(_random), t.BudgetTokens ?? int.MaxValue);
            thinking = max is { } m ? Math.Min(thinking, m) : thinking;
        }

        var output = max is { } cap ? Math.Min(sampled, Math.Max(0, cap - thinking)) : sampled;
        var callsTool = false;
        var resultTokens = 0;
        if (workload.Tools is { } tools)
        {
            callsTool = _random.NextDouble() < tools.CallRate;
            resultTokens = tools.ResultTokens.Sample(_random);
        }

        var texts = 0;
        if (workload.Api == ApiKind.Embed)
        {
            // An embedding has no output and no maxTokens; InputTokens is every text's tokens together.
            // A lognormal draw can pass the model's limit (only the p95 is checked at load): capped, as an application batches.
            texts = Math.Clamp(workload.Texts?.Sample(_random) ?? 1, 1, workload.MaxTexts);
            input *= texts;
            output = 0;
        }

        return new PlannedRequest
        {
            Id = Interlocked.Increment(ref _nextId),
            Workload = workload,
            InputTokens = input,
            OutputTokens = output,
            MaxTokens = workload.Api == ApiKind.Embed ? 0 : null,
            ThinkingTokens = thinking,
            Turn = turn,
            SessionTurns = turns,
            Conversation = conversation,
            CallsTool = callsTool,
            ToolResultTokens = resultTokens,
            Texts = texts,
        };
    }
}
