using System.Text.Json;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Scenarios.Results;
using LoadTest.Scenarios.Output;

namespace LoadTest.Reports;

/// <summary>Reads the data files of a results directory: summary.json, timeseries.csv (or requests.csv).</summary>
public static class RunReader
{
    public const string SummaryFile = ResultsDirectory.SummaryFile;

    /// <summary>
    /// Loads a run. A missing or unreadable summary.json is a <see cref="ConfigException"/> (the
    /// user named the wrong directory: exit 2). Without timeseries.csv the per-second rows are
    /// rebuilt from requests.csv; without either the charts are empty but the report still renders.
    /// </summary>
    public static RunData Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var summary = LoadSummary(directory);
        var timeseriesPath = Path.Combine(directory, TimeseriesCsv.FileName);
        var requestsPath = Path.Combine(directory, RequestsCsv.FileName);
        // A summary written before error codes were counted gets them from requests.csv, in the
        // same single pass that rebuilds the per-second rows when timeseries.csv is missing.
        var codes = summary.ErrorCodes.Count == 0 && summary.Requests.Failed > 0 && File.Exists(requestsPath)
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : null;
        IEnumerable<RequestRecord> Counted(IEnumerable<RequestRecord> records)
        {
            foreach (var r in records)
            {
                if (codes is not null)
                {
                    Outcomes.CountErrorCode(codes, r);
                }

                yield return r;
            }
        }

        IReadOnlyList<TimeseriesRow> rows = [];
        try
        {
            if (File.Exists(timeseriesPath))
            {
                rows = TimeseriesCsv.Read(timeseriesPath);
                if (codes is not null)
                {
                    foreach (var r in RequestsCsv.Read(requestsPath))
                    {
                        Outcomes.CountErrorCode(codes, r);
                    }
                }
            }
            else if (File.Exists(requestsPath))
            {
                rows = TimeseriesBuilder.FromRequests(Counted(RequestsCsv.Read(requestsPath)));
            }
        }
        catch (FormatException e)
        {
            throw new ConfigException($"{directory}: {e.Message}", e);
        }

        return new RunData(directory, codes is null ? summary : summary with { ErrorCodes = codes }, rows);
    }

    public static RunSummary LoadSummary(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new ConfigException($"{directory}: no such results directory");
        }

        var path = Path.Combine(directory, SummaryFile);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{directory}: no {SummaryFile} here; is this a results directory of 'loadtest run'?");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<RunSummary>(stream, RunJson.Options)
                ?? throw new ConfigException($"{path}: empty summary");
        }
        catch (JsonException e)
        {
            throw new ConfigException(path, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, "not a valid summary.json: " + e.Message);
        }
    }
}
