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

    public PlannedRequest Next()
    {
        lock (_gate)
        {
            var u = _random.NextDouble();
            var index = Array.FindIndex(_cumulative, c => u < c);
            var workload = _workloads[index < 0 ? _workloads.Length - 1 : index];
            var input = workload.InputTokens.Sample(_random);
            var sampled = workload.OutputTokens.Sample(_random);
            var output = workload.MaxTokens is { } max ? Math.Min(sampled, max) : sampled;
            return new PlannedRequest { Id = Interlocked.Increment(ref _nextId), Workload = workload, InputTokens = input, OutputTokens = output };
        }
    }
}
