using System.Text.Json;
using LoadTest.Core;

namespace LoadTest.Import.Tests;

public sealed class ImporterTests : IDisposable
{
    private readonly Records _r = new();

    public void Dispose() => _r.Dispose();

    [Fact]
    public void Peak_minute_is_the_hand_computed_one_with_burndown_and_free_cache_reads()
    {
        var file = _r.Write("logs.json", string.Join("\n", Records.Sample));

        var report = Importer.Run(new ImportRequest { InvocationLogs = [file] });

        var sonnet = report.Models.Single(m => m.ModelId == Records.Sonnet);
        Assert.Equal(5, sonnet.Burndown);
        Assert.Equal(3, sonnet.Requests);
        Assert.Equal(170 + 350 + 1500, sonnet.QuotaTokens);
        Assert.Equal(new MinuteLoad(new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero), 2, 520), sonnet.PeakRequestsMinute);
        Assert.Equal(new MinuteLoad(new DateTimeOffset(2026, 11, 3, 10, 1, 0, TimeSpan.Zero), 1, 1500), sonnet.PeakQuotaMinute);
        Assert.Equal(1024, sonnet.MaxTokensSeen);
        Assert.Equal(10, sonnet.PeakHour);
        Assert.Equal(3 / (3 / 24.0), sonnet.PeakHourToAverage, 9);
        Assert.Equal(1.0 / 3, sonnet.ReroutedShare, 9);
        Assert.Equal(1, sonnet.ReroutedTo["us-west-2"]);

        var llama = report.Models.Single(m => m.ModelId == Records.Llama);
        Assert.Equal(1, llama.Burndown);
        Assert.Equal(200, llama.PeakQuotaMinute.QuotaTokens);
        Assert.Equal(11, llama.PeakHour);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 10, 0, 5, TimeSpan.Zero), report.First);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 11, 30, 0, 123, TimeSpan.Zero), report.Last);
    }

    [Fact]
    public void From_and_to_keep_only_the_window()
    {
        var file = _r.Write("logs.json", string.Join("\n", Records.Sample));

        var report = Importer.Run(new ImportRequest
        {
            InvocationLogs = [file],
            From = new DateTimeOffset(2026, 11, 3, 10, 0, 30, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 11, 3, 11, 0, 0, TimeSpan.Zero),
        });

        Assert.Equal(2, report.OutsideWindow);
        var sonnet = Assert.Single(report.Models);
        Assert.Equal(2, sonnet.Requests);
        Assert.Equal(350 + 1500, sonnet.QuotaTokens);
    }

    [Fact]
    public void From_after_to_is_a_config_error()
    {
        var file = _r.Write("logs.json", Records.Sample[0]);
        var e = Assert.Throws<ConfigException>(() => Importer.Run(new ImportRequest
        {
            InvocationLogs = [file],
            From = new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero),
        }));
        Assert.Contains("--from", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_marker_in_bodies_reaches_no_output_file_and_the_outputs_say_what_was_read()
    {
        var lines = Records.Sample.ToList();
        lines.Insert(1, "{\"broken\": \"" + Records.Marker);
        var logs = _r.WriteGzip("in/logs.json.gz", string.Join("\n", lines));
        var metrics = _r.Write("in/m.json", $$"""{"MetricDataResults":[{"Id":"t","Label":"InvocationThrottles {{Records.Sonnet}}","Timestamps":["2026-11-03T10:01:00Z"],"Values":[4]}]}""");
        var trail = _r.Write("in/t.json", $$"""{"Records":[{"eventTime":"2026-11-03T10:00:00Z","eventSource":"bedrock.amazonaws.com","eventName":"Converse","awsRegion":"us-east-1","requestParameters":{"modelId":"{{Records.Sonnet}}"},"additionalEventData":{"inferenceRegion":"eu-west-1"} """ + "}]}");
        var outDir = _r.Path_("out");

        var report = Importer.Run(new ImportRequest { InvocationLogs = [logs], CloudTrail = [trail], Metrics = [metrics] });
        Importer.Write(report, outDir);

        var json = File.ReadAllText(Path.Combine(outDir, Importer.JsonFile));
        var md = File.ReadAllText(Path.Combine(outDir, Importer.MarkdownFile));
        Assert.DoesNotContain(Records.Marker, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Records.Marker, md, StringComparison.Ordinal);
        Assert.Contains("--scenario replay", md, StringComparison.Ordinal);
        Assert.Contains(logs + ":2: line: not valid JSON", md, StringComparison.Ordinal);
        Assert.Contains("2026-11-03 10:01 UTC 4", md, StringComparison.Ordinal);
        Assert.Contains("eu-west-1 1", md, StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(4, doc.RootElement.GetProperty("invocationLogs").GetProperty("records").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("invocationLogs").GetProperty("skipped").GetInt64());
        var sonnet = doc.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("modelId").GetString() == Records.Sonnet);
        Assert.Equal(1500, sonnet.GetProperty("peakQuotaMinute").GetProperty("quotaTokens").GetInt64());
    }
}
