using System.Globalization;

namespace LoadTest.Scenarios.Output;

/// <summary>Where a run's files go, and their names.</summary>
public sealed record ResultsDirectory(string Path)
{
    public const string SummaryFile = "summary.json";
    public const string RequestsFile = "requests.csv";
    public const string TimeseriesFile = "timeseries.csv";

    public string Summary => System.IO.Path.Combine(Path, SummaryFile);

    public string Requests => System.IO.Path.Combine(Path, RequestsFile);

    public string Timeseries => System.IO.Path.Combine(Path, TimeseriesFile);

    /// <summary><c>results/&lt;scenario&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;</c> under <paramref name="baseDirectory"/>.</summary>
    public static ResultsDirectory Default(string baseDirectory, string scenario, DateTimeOffset now)
        => new(System.IO.Path.Combine(baseDirectory, "results", $"{scenario}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}"));

    public ResultsDirectory Create()
    {
        Directory.CreateDirectory(Path);
        return this;
    }
}
