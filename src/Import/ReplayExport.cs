using System.Globalization;
using System.Text;
using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Results;

namespace LoadTest.Import;

/// <summary>
/// The replay half of `loadtest import`: during the reading pass it takes every record inside the
/// window (<see cref="Add"/>), fits its workload's token distributions and appends an arrival row
/// with the record's absolute time to a scratch file in the output folder; memory grows with the
/// workloads, never with the records. <see cref="Write"/> then streams the scratch rows into
/// arrivals.csv with offsets from the first request (or from --from) and writes scenarios.yaml.
/// A request without usage (a failed one: no token counts, or 0 in and 0 out) is replayed at its
/// workload's mean sizes: it was sent, and a request of no size cannot be. Records of operations no workload can send (CountTokens...) are counted and left out. Records
/// may come in any order: the replay player sorts the rows.
/// </summary>
public sealed class ReplayExport : IDisposable
{
    public const string ScenariosFile = "scenarios.yaml";

    /// <summary>A --group-by key with more values than this is refused (each workload holds its histograms).</summary>
    public const int MaxWorkloads = 1000;

    private const string ScratchFile = ".arrivals.unsorted.csv";

    private readonly string _dir;
    private readonly WorkloadGrouping _grouping;
    private readonly DateTimeOffset? _from;
    private readonly string _scratchPath;
    private readonly Dictionary<WorkloadKey, int> _index = [];
    private readonly List<(WorkloadKey Key, WorkloadFit Fit)> _workloads = [];
    private readonly Dictionary<string, long> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _served = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _notReplayed = new(StringComparer.Ordinal);
    private StreamWriter? _scratch;
    private long _rows;
    private DateTimeOffset? _first;

    public ReplayExport(string dir, WorkloadGrouping grouping, DateTimeOffset? from = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(grouping);
        _dir = dir;
        _grouping = grouping;
        _from = from;
        Directory.CreateDirectory(dir);
        _scratchPath = Path.Combine(dir, ScratchFile);
        _scratch = new StreamWriter(_scratchPath, false, new UTF8Encoding(false)) { NewLine = "\n" };
        _scratch.WriteLine(ArrivalsCsv.Header);
    }

    /// <summary>Takes one record inside the window.</summary>
    public void Add(ImportedInvocation record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var scratch = _scratch ?? throw new InvalidOperationException("the replay export is already written");
        if (!ApiNames.TryParseOperation(record.Operation, out var api))
        {
            var op = record.Operation.Length == 0 ? "(none)" : record.Operation;
            if (_notReplayed.Count < 100 || _notReplayed.ContainsKey(op))
            {
                _notReplayed[op] = _notReplayed.GetValueOrDefault(op) + 1;
            }

            return;
        }

        var key = _grouping.KeyOf(record, api);
        if (!_index.TryGetValue(key, out var i))
        {
            if (_workloads.Count >= MaxWorkloads)
            {
                throw new ConfigException($"--group-by {WorkloadGrouping.MetadataPrefix}{_grouping.MetadataKey}: more than {MaxWorkloads:N0} workloads (model x operation x value); group by a key with fewer values");
            }

            i = _workloads.Count;
            _index[key] = i;
            _workloads.Add((key, new WorkloadFit()));
        }

        _workloads[i].Fit.Add(record);
        _sources[record.SourceRegion] = _sources.GetValueOrDefault(record.SourceRegion) + 1;
        _served[record.ServedRegion] = _served.GetValueOrDefault(record.ServedRegion) + 1;
        _first = _first is { } f && f <= record.Time ? f : record.Time;
        _rows++;

        // Milliseconds since the Unix epoch for now; Write subtracts the origin.
        scratch.WriteLine(ArrivalsCsv.Line(new ArrivalRow
        {
            OffsetMs = EpochMs(record.Time),
            Workload = i.ToString(CultureInfo.InvariantCulture),
            InputTokens = Count(record.InputTokens),
            OutputTokens = Count(record.OutputTokens),
            CacheReadTokens = Count(record.CacheReadTokens),
            CacheWriteTokens = Count(record.CacheWriteTokens),
            MaxTokens = record.MaxTokens is { } m ? Count(m) : null,
        }));
    }

    /// <summary>
    /// Writes arrivals.csv and scenarios.yaml into the output folder (nothing when no record could
    /// be replayed). Quotas come from <paramref name="config"/> for the models it lists, else from the
    /// built-in catalog.
    /// </summary>
    public ReplayWritten Write(ScenarioConfig? config = null)
    {
        var scratch = _scratch ?? throw new InvalidOperationException("the replay export is already written");
        scratch.Dispose();
        _scratch = null;
        var notReplayed = _notReplayed.OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        if (_rows == 0 || _first is not { } first)
        {
            File.Delete(_scratchPath);
            return new ReplayWritten([], 0, notReplayed, null, null, null);
        }

        var origin = _from ?? first;
        var originMs = EpochMs(origin);
        var names = _grouping.Names(_workloads.Select(w => w.Key));
        var byIndex = _workloads.Select(w => names[w.Key]).ToArray();
        var means = _workloads.Select(w => w.Fit.MeanSizes).ToArray();
        var arrivals = Path.Combine(_dir, ArrivalsCsv.FileName);
        ArrivalsCsv.Write(arrivals, ArrivalsCsv.Read(_scratchPath).Select(r =>
        {
            var i = int.Parse(r.Workload, CultureInfo.InvariantCulture);
            var row = r with { OffsetMs = r.OffsetMs - originMs, Workload = byIndex[i], Line = 0, WorkloadColumn = 0 };
            return WorkloadFit.HasUsage(r.InputTokens, r.OutputTokens) ? row : row with { InputTokens = means[i].Input, OutputTokens = means[i].Output };
        }));
        File.Delete(_scratchPath);

        var yaml = new ScenarioYaml(config, _grouping);
        var workloads = _workloads.Select(w => yaml.Workload(names[w.Key], w.Key, w.Fit)).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        var scenarios = Path.Combine(_dir, ScenariosFile);
        File.WriteAllText(scenarios, yaml.Document(workloads, _workloads.Select(w => w.Key.Model), _sources, _served, origin, _rows, notReplayed), new UTF8Encoding(false));
        return new ReplayWritten(workloads.Select(w => w.Figures).ToList(), _rows, notReplayed, origin, scenarios, arrivals);
    }

    /// <summary>Closes and removes the scratch file when <see cref="Write"/> was not reached (a failed import).</summary>
    public void Dispose()
    {
        if (_scratch is null)
        {
            return;
        }

        _scratch.Dispose();
        _scratch = null;
        File.Delete(_scratchPath);
    }

    // Whole milliseconds (Bedrock's timestamps have no finer ones): 13 digits, exact in a double and
    // in the file, so the first row's offset is exactly 0 and none is negative.
    private static double EpochMs(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;

    private static int Count(long? tokens) => (int)Math.Clamp(tokens ?? 0, 0, int.MaxValue);
}
