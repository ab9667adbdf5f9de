using System.Text.Json;
using LoadTest.Bedrock.Configuration;
using LoadTest.Scenarios.Results;

namespace LoadTest.Reports;

/// <summary>Reads the data files of a results directory: summary.json, timeseries.csv (or requests.csv).</summary>
public static class RunReader
{
    public const string SummaryFile = "summary.json";

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
        IReadOnlyList<TimeseriesRow> rows;
        try
        {
            rows = File.Exists(timeseriesPath) ? TimeseriesCsv.Read(timeseriesPath)
                : File.Exists(requestsPath) ? TimeseriesBuilder.FromRequests(RequestsCsv.Read(requestsPath))
                : [];
        }
        catch (FormatException e)
        {
            throw new ConfigException($"{directory}: {e.Message}", e);
        }

        // A summary written before error codes were counted: count them from requests.csv.
        if (summary.ErrorCodes.Count == 0 && summary.Requests.Failed > 0 && File.Exists(requestsPath))
        {
            try
            {
                summary = summary with { ErrorCodes = ErrorCodesOf(RequestsCsv.Read(requestsPath)) };
            }
            catch (FormatException e)
            {
                throw new ConfigException($"{requestsPath}: {e.Message}", e);
            }
        }

        return new RunData(directory, summary, rows);
    }

    private static Dictionary<string, long> ErrorCodesOf(IEnumerable<RequestRecord> records)
    {
        var codes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in records.Where(r => r.Outcome is not (Outcomes.Ok or Outcomes.Dropped)))
        {
            var code = string.IsNullOrEmpty(r.ErrorCode) ? "(none)" : r.ErrorCode;
            codes[code] = codes.GetValueOrDefault(code) + 1;
        }

        return codes;
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
