using System.CommandLine;
using System.Globalization;
using LoadTest.Core;
using LoadTest.Import;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest import`: reads Bedrock's own records (model invocation logs, CloudTrail, CloudWatch
/// metrics) and writes import.json and import.md to --out: what was read and skipped, the time
/// span, per model the peak minute, the hourly shape, re-routing and throttles. In progress:
/// scenarios.yaml and arrivals.csv are not written yet. Exit 0 on success, 2 on bad flags or inputs.
/// </summary>
public static class ImportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var logs = new Option<string[]>("--invocation-logs") { Description = "files or folders of Bedrock model invocation logs (S3 delivery, CloudWatch Logs export, or 'aws logs filter-log-events' JSON; plain or .gz)", Required = true, AllowMultipleArgumentsPerToken = true };
        var trail = new Option<string[]>("--cloudtrail") { Description = "files or folders of CloudTrail records ({\"Records\":[...]} or one event per line; plain or .gz)", AllowMultipleArgumentsPerToken = true };
        var metrics = new Option<string[]>("--metrics") { Description = "output of 'aws cloudwatch get-metric-data' for AWS/Bedrock metrics (see docs/import.md)", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = "first time to take, ISO 8601 (default: the first record; UTC unless an offset is given)" };
        var to = new Option<string?>("--to") { Description = "time to stop before, ISO 8601 (default: after the last record)" };
        var outDir = new Option<string?>("--out") { Description = "output directory (default ./import)" };

        var command = new Command("import", "Read Bedrock's invocation logs, CloudTrail and metrics; summarise the recorded traffic (in progress).")
        {
            logs, trail, metrics, from, to, outDir,
        };

        command.SetAction((parse, ct) =>
        {
            var request = new ImportRequest
            {
                InvocationLogs = parse.GetValue(logs) ?? [],
                CloudTrail = parse.GetValue(trail) ?? [],
                Metrics = parse.GetValue(metrics) ?? [],
                From = ParseTime(parse.GetValue(from), "--from"),
                To = ParseTime(parse.GetValue(to), "--to"),
                Progress = new ReadProgress(),
            };
            ImportReport report;
            using (ImportProgressBar.ForTerminal(stderr, request.Progress))
            {
                report = Importer.Run(request);
            }

            var dir = parse.GetValue(outDir) ?? "import";
            Importer.Write(report, dir);

            var n = CultureInfo.InvariantCulture;
            stdout.WriteLine(string.Create(n, $"read {report.InvocationLogs.Records:N0} invocation-log records from {report.InvocationLogs.Files.Count} files; skipped {report.InvocationLogs.Skipped:N0} lines"));
            if (report.CloudTrail is { } ct2)
            {
                stdout.WriteLine(string.Create(n, $"read {ct2.Records:N0} CloudTrail Bedrock events from {ct2.Files.Count} files; skipped {ct2.Skipped:N0}"));
            }

            if (report.Metrics is { } m)
            {
                stdout.WriteLine(string.Create(n, $"read {m.Records:N0} metric points from {m.Files.Count} files; skipped {m.Skipped:N0}"));
            }

            if (report.First is { } first && report.Last is { } last)
            {
                stdout.WriteLine($"span {Importer.Time(first)} .. {Importer.Time(last)}");
            }

            foreach (var model in report.Models)
            {
                var peak = model.PeakQuotaMinute;
                stdout.WriteLine(string.Create(n, $"{model.ModelId}: {model.Requests:N0} requests; peak minute {peak.Minute.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {peak.Requests:N0} requests, {peak.QuotaTokens:N0} quota tokens; peak hour {model.PeakHour:00}:00 = {model.PeakHourToAverage:0.00}x average; re-routed {model.ReroutedShare:P1}"));
            }

            stdout.WriteLine("scenarios.yaml and arrivals.csv are not written yet (in progress)");
            stdout.WriteLine("wrote " + Path.Combine(dir, Importer.JsonFile));
            stdout.WriteLine("wrote " + Path.Combine(dir, Importer.MarkdownFile));
            return Task.FromResult(ExitCodes.Passed);
        });
        return command;
    }

    private static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new ConfigException($"{option}: '{text}' is not a time; expected ISO 8601, e.g. 2026-11-03T00:00:00Z");
    }
}
