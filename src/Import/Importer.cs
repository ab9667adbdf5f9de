using System.Globalization;
using System.Text;
using LoadTest.Core;

namespace LoadTest.Import;

/// <summary>What `loadtest import` reads.</summary>
public sealed record ImportRequest
{
    public required IReadOnlyList<string> InvocationLogs { get; init; }

    public IReadOnlyList<string> CloudTrail { get; init; } = [];

    public IReadOnlyList<string> Metrics { get; init; } = [];

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Where the readers report how far they are (a progress bar polls it); null = nobody asks.</summary>
    public ReadProgress? Progress { get; init; }
}

/// <summary>How much of one kind of input was read.</summary>
public sealed record SourceRead(
    IReadOnlyList<string> Files,
    long Records,
    long Skipped,
    long Ignored,
    IReadOnlyList<SkippedLine> FirstSkipped)
{
    /// <summary>Files found in a folder that held no usable record of this kind, left out whole.</summary>
    public IReadOnlyList<string> PassedOver { get; init; } = [];
}

/// <summary>The import: what was read, and what it says per model. Written as import.json and import.md.</summary>
public sealed record ImportReport
{
    public required SourceRead InvocationLogs { get; init; }

    public SourceRead? CloudTrail { get; init; }

    public SourceRead? Metrics { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>First and last request time taken from the invocation logs.</summary>
    public DateTimeOffset? First { get; init; }

    public DateTimeOffset? Last { get; init; }

    public long OutsideWindow { get; init; }

    public required IReadOnlyList<ModelImport> Models { get; init; }

    /// <summary>Bedrock events in CloudTrail per model (no token counts): requests and re-routing.</summary>
    public IReadOnlyList<ModelImport> CloudTrailModels { get; init; } = [];

    public IReadOnlyList<ModelMetrics> MetricModels { get; init; } = [];
}

/// <summary>
/// Reads every input in one streaming pass each and builds the <see cref="ImportReport"/>.
/// Bad input is a <see cref="ConfigException"/> (exit 2): --from after --to, an unknown
/// schemaVersion, a file with no usable record.
/// </summary>
public static class Importer
{
    public const string JsonFile = "import.json";
    public const string MarkdownFile = "import.md";

    /// <summary>
    /// Reads every input; each invocation-log record inside the window also goes to
    /// <paramref name="replay"/> (scenarios.yaml and arrivals.csv), in the same pass.
    /// </summary>
    public static ImportReport Run(ImportRequest request, ReplayExport? replay = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.InvocationLogs.Count == 0)
        {
            throw new ConfigException("--invocation-logs: give at least one file or folder of Bedrock model invocation logs");
        }

        if (request.From is { } f && request.To is { } t && f >= t)
        {
            throw new ConfigException($"--from ({Time(f)}) must be before --to ({Time(t)})");
        }

        var logsRead = new ReadLog();
        var logs = new InvocationAggregator(request.From, request.To);
        foreach (var record in InvocationLogReader.Read(request.InvocationLogs, logsRead, request.Progress))
        {
            if (logs.Add(record))
            {
                replay?.Add(record);
            }
        }

        ReadLog? trailRead = null;
        var trail = new InvocationAggregator(request.From, request.To);
        if (request.CloudTrail.Count > 0)
        {
            trailRead = new ReadLog();
            foreach (var record in CloudTrailReader.Read(request.CloudTrail, trailRead, request.Progress))
            {
                trail.Add(record);
            }
        }

        ReadLog? metricsRead = null;
        IReadOnlyList<ModelMetrics> metrics = [];
        if (request.Metrics.Count > 0)
        {
            metricsRead = new ReadLog();
            metrics = MetricsSummary.Summarise(MetricsReader.Read(request.Metrics, metricsRead), request.From, request.To);
        }

        return new ImportReport
        {
            InvocationLogs = Source(logsRead),
            CloudTrail = trailRead is null ? null : Source(trailRead),
            Metrics = metricsRead is null ? null : Source(metricsRead),
            From = request.From,
            To = request.To,
            First = logs.First,
            Last = logs.Last,
            OutsideWindow = logs.OutsideWindow,
            Models = logs.Models(),
            CloudTrailModels = trail.Models(),
            MetricModels = metrics,
        };
    }

    /// <summary>Writes import.json and import.md into <paramref name="dir"/>.</summary>
    public static void Write(ImportReport report, string dir)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(dir);
        ImportJson.Write(Path.Combine(dir, JsonFile), report);
        File.WriteAllText(Path.Combine(dir, MarkdownFile), Markdown(report));
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static SourceRead Source(ReadLog log) => new(log.Files, log.Records, log.Skipped, log.Ignored, log.FirstSkipped) { PassedOver = log.PassedOver };

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Minute(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>import.md: the same facts as import.json, for people.</summary>
    public static string Markdown(ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# Import of Bedrock's records");
        md.AppendLine();
        md.AppendLine("> Replay: `scenarios.yaml` (models, one workload per model and operation or per `--group-by` value, scenarios `replay` and `replay-4x`) and `arrivals.csv` (one row per request) sit next to this file when the window held a request: `loadtest run --config THIS_FOLDER/scenarios.yaml --scenario replay`.");
        md.AppendLine();
        md.AppendLine("## What was read");
        md.AppendLine();
        md.AppendLine("| Input | Files | Records | Skipped | Passed over |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        Row(md, "Invocation logs", report.InvocationLogs);
        if (report.CloudTrail is { } trail)
        {
            Row(md, "CloudTrail", trail);
        }

        if (report.Metrics is { } metrics)
        {
            Row(md, "Metrics (points)", metrics);
        }

        md.AppendLine();
        Skipped(md, "Invocation logs", report.InvocationLogs);
        if (report.CloudTrail is { } t2)
        {
            Skipped(md, "CloudTrail", t2);
        }

        if (report.Metrics is { } m2)
        {
            Skipped(md, "Metrics", m2);
        }

        md.AppendLine("## Time span");
        md.AppendLine();
        md.AppendLine(report.First is { } first && report.Last is { } last
            ? $"From {Time(first)} to {Time(last)} ({(last - first).TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} h)."
            : "No request in the window.");
        if (report.From is not null || report.To is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Window: {(report.From is { } f ? Time(f) : "start")} to {(report.To is { } t ? Time(t) : "end")}; {N(report.OutsideWindow)} records outside it left out.");
        }

        md.AppendLine();
        md.AppendLine("## Per model");
        md.AppendLine();
        md.AppendLine("Quota tokens = input + cache write + output x burndown (cache reads are free).");
        md.AppendLine();
        md.AppendLine("| Model | Requests | Errors | Input | Output | Cache read | Cache write | Quota tokens | Burndown | Max maxTokens |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in report.Models)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m.ModelId} | {N(m.Requests)} | {N(m.Errors)} | {N(m.InputTokens)} | {N(m.OutputTokens)} | {N(m.CacheReadTokens)} | {N(m.CacheWriteTokens)} | {N(m.QuotaTokens)} | {m.Burndown}x | {(m.MaxTokensSeen is { } x ? N(x) : "-")} |");
        }

        md.AppendLine();
        md.AppendLine("### Peak minute");
        md.AppendLine();
        md.AppendLine("| Model | Most requests (minute) | Most quota tokens (minute) |");
        md.AppendLine("|---|---|---|");
        foreach (var m in report.Models)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m.ModelId} | {N(m.PeakRequestsMinute.Requests)} req, {N(m.PeakRequestsMinute.QuotaTokens)} quota tokens ({Minute(m.PeakRequestsMinute.Minute)}) | {N(m.PeakQuotaMinute.QuotaTokens)} quota tokens, {N(m.PeakQuotaMinute.Requests)} req ({Minute(m.PeakQuotaMinute.Minute)}) |");
        }

        md.AppendLine();
        md.AppendLine("### Hourly shape (requests per hour of day, UTC)");
        md.AppendLine();
        md.AppendLine("| Model | Peak hour | Peak / average hour | " + string.Join(" | ", Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))) + " |");
        md.AppendLine("|---|---:|---:|" + string.Concat(Enumerable.Repeat("---:|", 24)));
        foreach (var m in report.Models)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m.ModelId} | {m.PeakHour:00}:00 | {m.PeakHourToAverage:0.00} | {string.Join(" | ", m.HourlyRequests.Select(N))} |");
        }

        md.AppendLine();
        md.AppendLine("### Days (quota tokens per calendar day, UTC)");
        md.AppendLine();
        md.AppendLine("| Model | Days recorded | Busiest day | Its quota tokens | Its requests | Peak-hour quota tokens |");
        md.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var m in report.Models)
        {
            var hour = Array.IndexOf(m.HourlyQuotaTokens.ToArray(), m.HourlyQuotaTokens.Max());
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m.ModelId} | {m.Days.Count} | {m.BusiestDay.Day:yyyy-MM-dd} | {N(m.BusiestDay.QuotaTokens)} | {N(m.BusiestDay.Requests)} | {N(m.HourlyQuotaTokens[hour])} ({hour:00}:00) |");
        }

        md.AppendLine();
        Rerouting(md, "### Re-routed to another Region (invocation logs)", report.Models);
        if (report.CloudTrail is not null)
        {
            Rerouting(md, "### Re-routed to another Region (CloudTrail)", report.CloudTrailModels);
        }

        if (report.Metrics is not null)
        {
            md.AppendLine("## CloudWatch metrics");
            md.AppendLine();
            md.AppendLine("| Model | Metric | Total | Peak (minute) |");
            md.AppendLine("|---|---|---:|---|");
            foreach (var m in report.MetricModels)
            {
                foreach (var (metric, total) in m.Totals)
                {
                    var peak = m.Peaks[metric];
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {m.ModelId} | {metric} | {total.ToString("N0", CultureInfo.InvariantCulture)} | {peak.Value.ToString("N0", CultureInfo.InvariantCulture)} ({Minute(peak.Minute)}) |");
                }
            }

            md.AppendLine();
            md.AppendLine("### Throttles per minute");
            md.AppendLine();
            foreach (var m in report.MetricModels)
            {
                md.AppendLine(m.ThrottledMinutes.Count == 0
                    ? $"- {m.ModelId}: no throttled minute."
                    : $"- {m.ModelId}: {m.ThrottledMinutes.Count} throttled minutes: " + string.Join(", ", m.ThrottledMinutes.Take(20).Select(p => $"{Minute(p.Minute)} {p.Value.ToString("0", CultureInfo.InvariantCulture)}")) + (m.ThrottledMinutes.Count > 20 ? ", ... (all in import.json)" : ""));
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, SourceRead s)
        => md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {s.Files.Count} | {N(s.Records)} | {N(s.Skipped)} | {N(s.Ignored)} |");

    private static void Skipped(StringBuilder md, string name, SourceRead s)
    {
        if (s.PassedOver.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"{name}: {s.PassedOver.Count} files in the folders given held no such record and were passed over: {string.Join(", ", s.PassedOver.Take(10).Select(Path.GetFileName))}{(s.PassedOver.Count > 10 ? ", ..." : "")}.");
            md.AppendLine();
        }

        if (s.Skipped == 0)
        {
            return;
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"{name}: {N(s.Skipped)} lines skipped:");
        md.AppendLine();
        foreach (var line in s.FirstSkipped)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {line.File}:{line.Line}: {line.Reason}");
        }

        if (s.Skipped > s.FirstSkipped.Count)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- and {N(s.Skipped - s.FirstSkipped.Count)} more");
        }

        md.AppendLine();
    }

    private static void Rerouting(StringBuilder md, string heading, IReadOnlyList<ModelImport> models)
    {
        md.AppendLine(heading);
        md.AppendLine();
        md.AppendLine("| Model | Requests | Re-routed | To |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var m in models)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m.ModelId} | {N(m.Requests)} | {m.ReroutedShare:P1} | {(m.ReroutedTo.Count == 0 ? "-" : string.Join(", ", m.ReroutedTo.Select(r => $"{r.Key} {N(r.Value)}")))} |");
        }

        md.AppendLine();
    }
}
