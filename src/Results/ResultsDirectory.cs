using System.Globalization;
using LoadTest.Core;

namespace LoadTest.Results;

/// <summary>
/// A run's folder: where its files go, their names (declared here and nowhere else), and the one
/// way to read them. summary.json (<see cref="SummaryJson"/>), requests.csv (<see cref="RequestsCsv"/>)
/// and timeseries.csv (<see cref="TimeseriesCsv"/>); <see cref="ResultSchema"/> says how versions are carried.
/// </summary>
public sealed record ResultsDirectory(string Path)
{
    public const string SummaryFile = "summary.json";
    public const string RequestsFile = "requests.csv";
    public const string TimeseriesFile = "timeseries.csv";

    public string Summary => System.IO.Path.Combine(Path, SummaryFile);

    public string Requests => System.IO.Path.Combine(Path, RequestsFile);

    public string Timeseries => System.IO.Path.Combine(Path, TimeseriesFile);

    public bool HasSummary => File.Exists(Summary);

    public bool HasRequests => File.Exists(Requests);

    public bool HasTimeseries => File.Exists(Timeseries);

    /// <summary><c>results/&lt;scenario&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;</c> under <paramref name="baseDirectory"/>.</summary>
    public static ResultsDirectory Default(string baseDirectory, string scenario, DateTimeOffset now)
        => new(System.IO.Path.Combine(baseDirectory, "results", $"{scenario}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}"));

    /// <summary>An existing results folder; a missing one is the user's error (exit 2).</summary>
    public static ResultsDirectory Existing(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Directory.Exists(path) ? new ResultsDirectory(path) : throw new ConfigException($"{path}: no such results directory");
    }

    public ResultsDirectory Create()
    {
        Directory.CreateDirectory(Path);
        return this;
    }

    /// <summary>The run's summary; a folder without one is not a run's folder (exit 2).</summary>
    public RunSummary ReadSummary()
        => HasSummary
            ? SummaryJson.Read(Summary)
            : throw new ConfigException($"{Path}: no {SummaryFile} here; is this a results directory of 'loadtest run'?");

    public void WriteSummary(RunSummary summary) => SummaryJson.Write(Summary, summary);

    /// <summary>The per-second rows, or null when the folder has none (an older or interrupted run).</summary>
    public IReadOnlyList<TimeseriesRow>? ReadTimeseries() => HasTimeseries ? TimeseriesCsv.Read(Timeseries) : null;

    public void WriteTimeseries(IEnumerable<TimeseriesRow> rows) => TimeseriesCsv.Write(Timeseries, rows);

    /// <summary>Streams the per-request rows; a folder without them is the user's error (exit 2).</summary>
    /// <param name="onTornLastRow">Called when a killed run left the last row torn (it is left out); null makes that row an error (exit 2).</param>
    public IEnumerable<RequestRecord> ReadRequests(Action<TornRow>? onTornLastRow = null)
        => HasRequests
            ? RequestsCsv.Read(Requests, onTornLastRow)
            : throw new ConfigException($"{Requests}: file not found (a results directory holds {RequestsFile})");

    public RequestsCsvWriter OpenRequestsWriter(TimeProvider? timeProvider = null) => new(Requests, timeProvider);
}
