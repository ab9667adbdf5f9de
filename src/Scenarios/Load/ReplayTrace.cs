using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Results;

namespace LoadTest.Scenarios.Load;

/// <summary>
/// An arrival trace held compactly for playback: the rows sorted by offset, as parallel arrays
/// (an offset as a double and six small integers a row, no strings; the workload as an index
/// into <see cref="Workloads"/>), so a trace of millions of rows costs tens of MB, not a list of
/// objects. Read once when a run is made; every row's workload must be one of the config's
/// (else a <see cref="ConfigException"/> naming the row's line).
/// </summary>
public sealed class ReplayTrace
{
    private readonly double[] _offsetMs;
    private readonly int[] _workload;
    private readonly int[] _input;
    private readonly int[] _output;
    private readonly int[] _cacheRead;
    private readonly int[] _cacheWrite;
    private readonly int[] _maxTokens;

    private ReplayTrace(IReadOnlyList<WorkloadSpec> workloads, double[] offsetMs, int[] workload, int[] input, int[] output, int[] cacheRead, int[] cacheWrite, int[] maxTokens)
    {
        Workloads = workloads;
        _offsetMs = offsetMs;
        _workload = workload;
        _input = input;
        _output = output;
        _cacheRead = cacheRead;
        _cacheWrite = cacheWrite;
        _maxTokens = maxTokens;
    }

    /// <summary>Every workload of the config, indexed by the rows.</summary>
    public IReadOnlyList<WorkloadSpec> Workloads { get; }

    public int Count => _offsetMs.Length;

    /// <summary>
    /// The trace's length: from its start to one millisecond past its last arrival, so every row
    /// falls inside a phase that lasts it.
    /// </summary>
    public TimeSpan Length => TimeSpan.FromMilliseconds(Count == 0 ? 0 : _offsetMs[^1] + 1);

    /// <summary>The workloads the trace's rows name.</summary>
    public IEnumerable<WorkloadSpec> UsedWorkloads => _workload.Distinct().Select(i => Workloads[i]);

    public double OffsetMs(int row) => _offsetMs[row];

    /// <summary>Reads <paramref name="path"/> (<see cref="ArrivalsCsv"/>) and sorts it by offset.</summary>
    public static ReplayTrace Load(string path, IReadOnlyList<WorkloadSpec> workloads)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < workloads.Count; i++)
        {
            index[workloads[i].Name] = i;
        }

        var offsets = new List<double>();
        var w = new List<int>();
        var input = new List<int>();
        var output = new List<int>();
        var read = new List<int>();
        var write = new List<int>();
        var max = new List<int>();
        foreach (var row in ArrivalsCsv.Read(path))
        {
            if (!index.TryGetValue(row.Workload, out var wi))
            {
                throw new ConfigException(path, row.Line, row.WorkloadColumn, $"workload '{row.Workload}' is not in scenarios.yaml's workloads:{NearestName.Hint(row.Workload, index.Keys)} (workloads are: {string.Join(", ", index.Keys)})");
            }

            offsets.Add(row.OffsetMs);
            w.Add(wi);
            input.Add(row.InputTokens);
            output.Add(row.OutputTokens);
            read.Add(row.CacheReadTokens);
            write.Add(row.CacheWriteTokens);
            max.Add(row.MaxTokens ?? -1);
        }

        // Sort once through a permutation, so the six columns follow their offsets (a stable
        // order for equal offsets: the file's).
        var order = Enumerable.Range(0, offsets.Count).ToArray();
        var keys = offsets.ToArray();
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        T[] Permute<T>(List<T> column) => Array.ConvertAll(order, i => column[i]);
        return new ReplayTrace(workloads, Permute(offsets), Permute(w), Permute(input), Permute(output), Permute(read), Permute(write), Permute(max));
    }

    /// <summary>
    /// The arrivals of <paramref name="phase"/>, offsets from its start, ascending, inside
    /// [0, duration), each with the trace row it replays. Time runs at <see cref="ReplayPhase.Speed"/>
    /// (offset / speed). The multiplier m sends each row floor(m) times, plus once more with
    /// probability frac(m) (one seeded draw a row), so 0.5 keeps a seeded half and 4 sends four:
    /// the first copy at the row's own time, each further copy at a seeded uniform point in the gap
    /// to the next recorded arrival, so the copies follow the trace's shape (a busy minute has short
    /// gaps and stays busy). A phase longer than the trace (--duration-scale above 1) plays it again
    /// from the start; a shorter one plays its beginning: the rate is kept either way.
    /// </summary>
    public IEnumerable<(TimeSpan Offset, int Row)> Arrivals(ReplayPhase phase, Random random)
    {
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(random);
        if (Count == 0)
        {
            yield break;
        }

        var endMs = phase.Duration.TotalMilliseconds;
        var cycleMs = Length.TotalMilliseconds / phase.Speed;
        var whole = (int)Math.Floor(phase.Multiplier);
        var fraction = phase.Multiplier - whole;
        var copies = new List<double>();
        for (var cycle = 0; cycle * cycleMs < endMs; cycle++)
        {
            for (var i = 0; i < Count; i++)
            {
                var k = whole + (random.NextDouble() < fraction ? 1 : 0);
                if (k == 0)
                {
                    continue;
                }

                var at = _offsetMs[i];
                var gap = (i + 1 < Count ? _offsetMs[i + 1] : _offsetMs[i] + 1) - at;
                copies.Clear();
                copies.Add(at);
                for (var c = 1; c < k; c++)
                {
                    copies.Add(at + (random.NextDouble() * gap));
                }

                copies.Sort();
                foreach (var t in copies)
                {
                    var ms = (cycle * cycleMs) + (t / phase.Speed);
                    if (!(ms < endMs))
                    {
                        yield break;
                    }

                    yield return (TimeSpan.FromMilliseconds(ms), i);
                }
            }
        }
    }

    /// <summary>The request row <paramref name="row"/> recorded: its workload and its own token counts.</summary>
    public Engine.PlannedRequest Request(int row, long id)
    {
        var workload = Workloads[_workload[row]];
        // The synthetic prompt's cached prefix is one text per workload (so the target's cache can
        // hit it): a row that read or wrote cache sends the workload's prefix, one that did not sends none.
        var cached = _cacheRead[row] + _cacheWrite[row] > 0 ? workload.CachedPrefixTokens : 0;
        return new Engine.PlannedRequest
        {
            Id = id,
            Workload = workload,
            InputTokens = _input[row],
            OutputTokens = _output[row],
            MaxTokens = _maxTokens[row] >= 0 ? _maxTokens[row] : workload.MaxTokens,
            CachedPrefixTokens = cached,
        };
    }
}
