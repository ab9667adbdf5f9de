using System.Text.Json;
using static LoadTest.Cli.Tests.CliRun;

namespace LoadTest.Cli.Tests;

/// <summary>`loadtest import` then `loadtest plan --from importDir`, through the command line.</summary>
public sealed class PlanFromImportCommandTests : IDisposable
{
    private const string Llama = "meta.llama3-1-70b-instruct-v1:0";
    private const string Sonnet = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    private readonly string _dir = Directory.CreateTempSubdirectory("plan-import-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Record(string time, string model, long input, long output, long cacheWrite = 0, long cacheRead = 0)
        => "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"" + time
           + "\",\"region\":\"us-east-1\",\"requestId\":\"r\",\"operation\":\"Converse\",\"modelId\":\"" + model + "\","
           + "\"input\":{\"inputBodyJson\":{\"messages\":[],\"inferenceConfig\":{\"maxTokens\":1024}},\"inputTokenCount\":" + input
           + ",\"cacheWriteInputTokenCount\":" + cacheWrite + ",\"cacheReadInputTokenCount\":" + cacheRead
           + "},\"output\":{\"outputTokenCount\":" + output + "}}";

    /// <summary>
    /// 27 records over two days and two models. Quota tokens = input + cache write + output x
    /// burndown (Llama 3.1 burns 1, Claude Sonnet 4.5 burns 5; cache reads are free).
    ///
    /// Llama (burndown 1):
    ///   2026-11-03 09:30     1 x (400 in + 100 out)                  =   500
    ///   2026-11-03 14:05     6 x (100 in + 20 out)       = 6 x 120   =   720   &lt;- most requests: 6
    ///   2026-11-03 14:07     2 x (3,000 in + 500 out)    = 2 x 3,500 = 7,000   &lt;- most quota tokens
    ///   2026-11-04 10:00     3 x (1,000 in + 200 out, 300 cache read) = 3 x 1,200 = 3,600
    ///   2026-11-04 11:00     2 x (2,000 in + 500 cw + 300 out) = 2 x 2,800 = 5,600
    ///   day 11-03: 500 + 720 + 7,000 = 8,220; day 11-04: 3,600 + 5,600 = 9,200 &lt;- busiest day
    ///   (the busiest day is not the day of the peak minute).
    ///
    /// Sonnet 4.5 (burndown 5):
    ///   2026-11-03 14:07     4 x (1,000 in + 200 out x 5) = 4 x 2,000 = 8,000   &lt;- most quota tokens
    ///   2026-11-03 14:08     5 x (200 in + 40 out x 5)    = 5 x 400   = 2,000   &lt;- most requests: 5
    ///   2026-11-03 20:15     1 x (500 in + 1,000 cw + 100 out x 5)     = 2,000
    ///   2026-11-04 08:00     3 x (500 in + 100 out x 5)   = 3 x 1,000 = 3,000
    ///   day 11-03: 8,000 + 2,000 + 2,000 = 12,000 &lt;- busiest day; day 11-04: 3,000.
    /// </summary>
    private static IEnumerable<string> Log()
    {
        yield return Record("2026-11-03T09:30:10Z", Llama, 400, 100);
        for (var i = 0; i < 6; i++)
        {
            yield return Record($"2026-11-03T14:05:{(i * 9) + 1:00}Z", Llama, 100, 20);
        }

        yield return Record("2026-11-03T14:07:02Z", Llama, 3000, 500);
        yield return Record("2026-11-03T14:07:58Z", Llama, 3000, 500);
        for (var i = 0; i < 3; i++)
        {
            yield return Record($"2026-11-04T10:00:{(i * 15) + 3:00}Z", Llama, 1000, 200, cacheRead: 300);
        }

        yield return Record("2026-11-04T11:00:20Z", Llama, 2000, 300, cacheWrite: 500);
        yield return Record("2026-11-04T11:00:40Z", Llama, 2000, 300, cacheWrite: 500);

        for (var i = 0; i < 4; i++)
        {
            yield return Record($"2026-11-03T14:07:{(i * 12) + 5:00}Z", Sonnet, 1000, 200);
        }

        for (var i = 0; i < 5; i++)
        {
            yield return Record($"2026-11-03T14:08:{(i * 10) + 4:00}Z", Sonnet, 200, 40);
        }

        yield return Record("2026-11-03T20:15:00Z", Sonnet, 500, 100, cacheWrite: 1000);
        for (var i = 0; i < 3; i++)
        {
            yield return Record($"2026-11-04T08:00:{(i * 20) + 7:00}Z", Sonnet, 500, 100);
        }
    }

    private async Task<string> Imported()
    {
        var logs = Path.Combine(_dir, "logs.json");
        // Newest first: the import takes records in any order.
        await File.WriteAllLinesAsync(logs, Log().Reverse());
        var importDir = Path.Combine(_dir, "import");
        var (exit, _, stderr) = await Run("import", "--invocation-logs", logs, "--out", importDir);
        Assert.True(exit == ExitCodes.Passed, stderr);
        return importDir;
    }

    [Fact]
    public async Task Plan_from_an_import_gives_the_hand_computed_peak_minute_and_busiest_day()
    {
        var importDir = await Imported();

        // Peak multiplier 2 x growth 1.5: every baseline scales by 3.
        var (exit, stdout, stderr) = await Run(
            "plan", "--from", importDir, "--peak-multiplier", "2", "--growth", "1.5", "--requests-per-point", "1000", "--json", "--out", Path.Combine(_dir, "plan"));

        Assert.True(exit == ExitCodes.Passed, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(27, doc.RootElement.GetProperty("import").GetProperty("records").GetInt64());
        var models = doc.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);

        var llama = models[Llama];
        Assert.Equal(6, llama.GetProperty("baselineRpm").GetDouble());
        Assert.Equal(6 * 3, llama.GetProperty("required").GetProperty("rpm").GetInt64());
        Assert.Equal(7_000 * 3, llama.GetProperty("required").GetProperty("tpm").GetInt64());
        Assert.Equal(9_200 * 3, llama.GetProperty("required").GetProperty("tpd").GetInt64());
        var recorded = llama.GetProperty("recorded");
        Assert.Equal("2026-11-03T14:07:00+00:00", recorded.GetProperty("quotaMinute").GetString());
        Assert.Equal("2026-11-03T14:05:00+00:00", recorded.GetProperty("requestsMinute").GetString());
        Assert.Equal("2026-11-04", recorded.GetProperty("busiestDay").GetString());
        // The records run from 2026-11-03 09:30 to 2026-11-04 11:00: 11 h 1 min of the busiest day.
        Assert.Equal(11 + (1 / 60.0), recorded.GetProperty("busiestDayHoursRecorded").GetDouble(), 9);
        Assert.Equal(9_200 / (7_000 * 1440.0), llama.GetProperty("averageToPeak").GetDouble(), 12);

        // The average request, from the totals of 14 requests: 14,000 in, 2,420 out, 1,000 cache write, 900 cache read.
        var perRequest = llama.GetProperty("perRequest");
        Assert.Equal(1_000, perRequest.GetProperty("inputTokens").GetInt64());
        Assert.Equal(173, perRequest.GetProperty("outputTokens").GetInt64()); // 2,420 / 14 = 172.9, rounded up
        Assert.Equal(72, perRequest.GetProperty("cacheWriteTokens").GetInt64()); // 1,000 / 14 = 71.4, rounded up
        Assert.Equal(65, perRequest.GetProperty("cacheReadTokens").GetInt64()); // 900 / 14 = 64.3, rounded up
        Assert.Equal(1_024, perRequest.GetProperty("maxTokens").GetInt64());

        var sonnet = models[Sonnet];
        Assert.Equal(5 * 3, sonnet.GetProperty("required").GetProperty("rpm").GetInt64());
        Assert.Equal(8_000 * 3, sonnet.GetProperty("required").GetProperty("tpm").GetInt64());
        Assert.Equal(12_000 * 3, sonnet.GetProperty("required").GetProperty("tpd").GetInt64());
        Assert.Equal(5, sonnet.GetProperty("burndown").GetDouble());
        Assert.Equal("2026-11-03", sonnet.GetProperty("recorded").GetProperty("busiestDay").GetString());
    }

    [Fact]
    public async Task The_table_and_the_quota_request_name_the_recorded_peak_minute_not_a_run()
    {
        var importDir = await Imported();
        var outDir = Path.Combine(_dir, "plan-text");

        var (exit, stdout, stderr) = await Run("plan", "--from", importDir, "--model", Llama, "--requests-per-point", "1000", "--out", outDir);

        Assert.True(exit == ExitCodes.Passed, stderr);
        Assert.Contains($"Capacity plan from import {importDir} (27 invocation log records, 2026-11-03 09:30 UTC to 2026-11-04 11:00 UTC)", stdout, StringComparison.Ordinal);
        Assert.Contains("recorded      peak minute 2026-11-03 14:07 UTC: 7,000 quota tokens (2 req); most requests 2026-11-03 14:05 UTC: 6 req", stdout, StringComparison.Ordinal);
        Assert.Contains("busiest 2026-11-04: 9,200 quota tokens", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Sonnet, stdout, StringComparison.Ordinal);
        var request = await File.ReadAllTextAsync(Path.Combine(outDir, "quota-request.md"));
        Assert.Contains($"from the import `{importDir}` of Bedrock's own records", request, StringComparison.Ordinal);
        Assert.DoesNotContain("measured run", request, StringComparison.Ordinal);
        Assert.Contains("the recorded peak minute's 7,000 quota tokens (2026-11-03 14:07 UTC", request, StringComparison.Ordinal);
        Assert.Contains("the busiest recorded day's 9,200 quota tokens (2026-11-04) x 1 = **9,200 TPD**", request, StringComparison.Ordinal);
        Assert.Contains("the records cover 11.017 h of 2026-11-04", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_daily_shape_replaces_the_recorded_day_for_tokens_per_day()
    {
        var importDir = await Imported();

        var (exit, stdout, stderr) = await Run("plan", "--from", importDir, "--model", Llama, "--average-to-peak", "0.5", "--requests-per-point", "1000", "--json", "--out", Path.Combine(_dir, "plan"));

        Assert.True(exit == ExitCodes.Passed, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var llama = doc.RootElement.GetProperty("models")[0];
        Assert.Equal(7_000, llama.GetProperty("required").GetProperty("tpm").GetInt64());
        Assert.Equal(7_000 * 1440 / 2, llama.GetProperty("required").GetProperty("tpd").GetInt64());
        Assert.False(llama.GetProperty("tpdFromRecordedDay").GetBoolean());
    }

    [Theory]
    [InlineData("no-json")]
    [InlineData("corrupt")]
    [InlineData("truncated")]
    [InlineData("neither")]
    public async Task A_bad_from_folder_is_exit_2_naming_what_was_expected(string kind)
    {
        var folder = Path.Combine(_dir, kind);
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "import.json");
        switch (kind)
        {
            case "no-json":
                await File.WriteAllTextAsync(Path.Combine(folder, "import.md"), "# Import of Bedrock's records\n");
                break;
            case "corrupt":
                await File.WriteAllTextAsync(json, "{ \"invocationLogs\": [ not json");
                break;
            case "truncated":
                // Valid JSON, but not what an import writes (no models).
                await File.WriteAllTextAsync(json, "{ \"invocationLogs\": { \"files\": [], \"records\": 0, \"skipped\": 0, \"ignored\": 0, \"firstSkipped\": [] } }");
                break;
        }

        var (exit, _, stderr) = await Run("plan", "--from", folder, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        if (kind == "neither")
        {
            Assert.Contains("neither requests.csv", stderr, StringComparison.Ordinal);
            Assert.Contains("nor import.json", stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(json, stderr, StringComparison.Ordinal);
            Assert.Contains(kind == "no-json" ? "file not found" : "not a readable import.json", stderr, StringComparison.Ordinal);
        }
    }
}
