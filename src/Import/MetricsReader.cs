using System.Text.Json;
using LoadTest.Core;

namespace LoadTest.Import;

/// <summary>
/// Reads AWS/Bedrock CloudWatch metrics as printed by `aws cloudwatch get-metric-data`
/// (`MetricDataResults[]` with Id, Label, Timestamps, Values). The metric and the model come from
/// the Label (or Id): a label holding one of <see cref="Metrics"/> and the ModelId, e.g.
/// "Invocations anthropic.claude-sonnet-4-5-20250929-v1:0" (docs/import.md sets labels so).
/// Metric names: https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring.html
/// </summary>
public static class MetricsReader
{
    public static readonly IReadOnlyList<string> Metrics =
        ["Invocations", "InputTokenCount", "OutputTokenCount", "InvocationThrottles", "EstimatedTPMQuotaUsage"];

    public static IEnumerable<ImportedMetricPoint> Read(IEnumerable<string> paths, ReadLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var file in InputFiles.Expand(paths, "--metrics"))
        {
            log.FileRead(file);
            var before = log.Records;
            var results = new List<ImportedMetricPoint>();
            if (JsonDocumentStream.FirstProperty(file) is not null)
            {
                var index = 0L;
                var elements = JsonDocumentStream.Elements(file, "MetricDataResults", "--metrics", "the output of 'aws cloudwatch get-metric-data'", null);
                foreach (var element in elements)
                {
                    index++;
                    using (element)
                    {
                        results.AddRange(Parse(element.RootElement, file, index, log));
                    }
                }
            }

            foreach (var point in results)
            {
                yield return point;
            }

            if (log.Records == before)
            {
                throw new ConfigException($"--metrics: '{file}' has no usable metric; expected the output of 'aws cloudwatch get-metric-data' with MetricDataResults labelled '<Metric> <ModelId>' for {string.Join(", ", Metrics)}");
            }
        }
    }

    private static List<ImportedMetricPoint> Parse(JsonElement result, string file, long index, ReadLog log)
    {
        var points = new List<ImportedMetricPoint>();
        var label = Json.String(result, "Label") ?? "";
        var id = Json.String(result, "Id") ?? "";
        var (metric, modelId) = Split(label);
        if (metric is null || modelId is null)
        {
            (metric, modelId) = Split(id);
        }

        if (metric is null || modelId is null
            || !result.TryGetProperty("Timestamps", out var stamps) || stamps.ValueKind != JsonValueKind.Array
            || !result.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Array
            || stamps.GetArrayLength() != values.GetArrayLength())
        {
            log.Skip(file, index, $"MetricDataResults[{index}]: expected a Label '<Metric> <ModelId>' and Timestamps/Values of equal length");
            return points;
        }

        for (var i = 0; i < stamps.GetArrayLength(); i++)
        {
            var stamp = stamps[i];
            var value = values[i];
            if (stamp.ValueKind != JsonValueKind.String || !Json.TryTime(stamp.GetString()!, out var time) || value.ValueKind != JsonValueKind.Number)
            {
                log.Skip(file, index, $"MetricDataResults[{index}] point {i + 1}: bad timestamp or value");
                continue;
            }

            var minute = new DateTimeOffset(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            points.Add(new ImportedMetricPoint(minute, modelId, metric, value.GetDouble()));
            log.RecordRead();
        }

        return points;
    }

    private static (string? Metric, string? ModelId) Split(string label)
    {
        foreach (var metric in Metrics)
        {
            var at = label.IndexOf(metric, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var rest = (label[..at] + " " + label[(at + metric.Length)..]).Trim(' ', '_', '-', '/');
            return (metric, rest.Length > 0 ? rest : null);
        }

        return (null, null);
    }
}
