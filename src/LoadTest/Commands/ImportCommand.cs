using System.CommandLine;
using System.Globalization;
using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Import;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest import`: reads Bedrock's own records (model invocation logs, CloudTrail, CloudWatch
/// metrics) and writes to --out: import.json and import.md (what was read and skipped, the time
/// span, per model the peak minute, the hourly shape, re-routing and throttles), and for replay
/// scenarios.yaml (models with quotas from --config or the catalog, one workload per model x
/// operation or per --group-by value, scenarios replay and replay-4x) and arrivals.csv.
/// Exit 0 on success, 2 on bad flags or inputs.
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
        var groupBy = new Option<string?>("--group-by") { Description = "split workloads by a requestMetadata key, e.g. requestMetadata.tenant (default: one workload per model and operation)" };
        var config = new Option<string?>("--config") { Description = "a scenarios.yaml whose models: give the quotas written to scenarios.yaml (default: the built-in catalog's)" };

        var command = new Command("import", "Read Bedrock's invocation logs, CloudTrail and metrics; summarise the recorded traffic and write scenarios.yaml and arrivals.csv to replay it.")
        {
            logs, trail, metrics, from, to, groupBy, config, outDir,
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
            var grouping = WorkloadGrouping.Parse(parse.GetValue(groupBy));
            var quotas = parse.GetValue(config) is { } configPath ? ScenarioConfigLoader.LoadFile(configPath) : null;
            var dir = parse.GetValue(outDir) ?? "import";
            using var replay = new ReplayExport(dir, grouping, request.From);
            ImportReport report;
            using (ImportProgressBar.ForTerminal(stderr, request.Progress))
            {
                report = Importer.Run(request, replay);
            }

            Importer.Write(report, dir);
            var written = replay.Write(quotas);

            var n = CultureInfo.InvariantCulture;
            stdout.WriteLine(string.Create(n, $"read {report.InvocationLogs.Records:N0} invocation-log records from {report.InvocationLogs.Files.Count} files; skipped {report.InvocationLogs.Skipped:N0} lines{(report.InvocationLogs.PassedOver.Count > 0 ? $"; passed over {report.InvocationLogs.PassedOver.Count} files without one" : "")}"));
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

            // A --group-by key with many values makes many workloads: the busiest are printed, all are in scenarios.yaml.
            const int shown = 50;
            foreach (var w in written.Workloads.OrderByDescending(w => w.Requests).ThenBy(w => w.Name, StringComparer.Ordinal).Take(shown))
            {
                stdout.WriteLine(string.Create(n, $"workload {w.Name}: {w.Model} {w.Api.ToText()}, {w.Requests:N0} requests; input mean {w.Input.Mean:0.#} p95 {w.Input.P95:0.#}; output mean {w.Output.Mean:0.#} p95 {w.Output.P95:0.#}; maxTokens {(w.MaxTokens is { } mt ? mt.ToString(n) : "-")}"));
            }

            if (written.Workloads.Count > shown)
            {
                stdout.WriteLine(string.Create(n, $"... and {written.Workloads.Count - shown:N0} more workloads with fewer requests (all in scenarios.yaml)"));
            }

            foreach (var (operation, count) in written.NotReplayed)
            {
                stdout.WriteLine(string.Create(n, $"not replayed: {count:N0} {operation} requests (no workload API sends this operation)"));
            }

            stdout.WriteLine("wrote " + Path.Combine(dir, Importer.JsonFile));
            stdout.WriteLine("wrote " + Path.Combine(dir, Importer.MarkdownFile));
            if (written.ScenariosPath is { } yaml && written.ArrivalsPath is { } arrivals)
            {
                stdout.WriteLine(string.Create(n, $"wrote {yaml} ({written.Workloads.Count} workloads; scenarios replay, replay-4x)"));
                stdout.WriteLine(string.Create(n, $"wrote {arrivals} ({written.Rows:N0} requests from {Importer.Time(written.Origin!.Value)})"));
                stdout.WriteLine($"replay: loadtest run --config {yaml} --scenario replay");
            }
            else
            {
                stdout.WriteLine("no request in the window to replay: scenarios.yaml and arrivals.csv not written");
            }
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
