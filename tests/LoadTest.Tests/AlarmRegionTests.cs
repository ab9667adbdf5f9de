using static LoadTest.Cli.Tests.CliRun;

namespace LoadTest.Cli.Tests;

/// <summary>
/// quota-request.md's CloudWatch alarms go to the Regions the traffic was sent from, where Bedrock
/// publishes the metrics; the quota increase itself is still requested in the quota-management Region.
/// </summary>
public sealed class AlarmRegionTests : IDisposable
{
    private const string Sonnet = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private readonly string _dir = Directory.CreateTempSubdirectory("alarm-region-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_plan_from_an_ap_south_1_run_puts_its_alarms_in_ap_south_1_and_requests_the_increase_in_us_east_1()
    {
        var outDir = Path.Combine(_dir, "plan");

        var (exit, _, stderr) = await Run("plan", "--from", RepositoryRoot.Path("results", "example-diwali"), "--requests-per-point", "1000", "--out", outDir);

        Assert.True(exit == ExitCodes.Passed, stderr);
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, "quota-request.md"));
        var alarms = Lines(md, "aws cloudwatch put-metric-alarm");
        Assert.NotEmpty(alarms);
        Assert.All(alarms, l => Assert.Contains("--region ap-south-1 ", l, StringComparison.Ordinal));
        Assert.All(Lines(md, "aws service-quotas request-service-quota-increase"), l => Assert.Contains("--region us-east-1 ", l, StringComparison.Ordinal));
        Assert.Contains("in `ap-south-1`, where these requests were sent", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_from_an_import_called_from_two_Regions_puts_each_alarm_in_both()
    {
        var logs = Path.Combine(_dir, "logs.json");
        var records = Enumerable.Range(0, 6).Select(i => Record($"2026-11-03T14:05:{i * 9:00}Z", i % 3 == 0 ? "ap-southeast-1" : "ap-south-1"));
        await File.WriteAllLinesAsync(logs, records);
        var importDir = Path.Combine(_dir, "import");
        var imported = await Run("import", "--invocation-logs", logs, "--out", importDir);
        Assert.True(imported.Exit == ExitCodes.Passed, imported.Err);

        var (exit, _, stderr) = await Run("plan", "--from", importDir, "--requests-per-point", "1000", "--out", Path.Combine(_dir, "plan"));

        Assert.True(exit == ExitCodes.Passed, stderr);
        var md = await File.ReadAllTextAsync(Path.Combine(_dir, "plan", "quota-request.md"));
        var alarms = Lines(md, "aws cloudwatch put-metric-alarm");

        // Five alarms (TPM and RPM at 70 % and 80 %, any throttle) in each source Region, the busier first.
        Assert.Equal(5, alarms.Count(l => l.Contains("--region ap-south-1 ", StringComparison.Ordinal)));
        Assert.Equal(5, alarms.Count(l => l.Contains("--region ap-southeast-1 ", StringComparison.Ordinal)));
        Assert.Equal(10, alarms.Count);
        Assert.True(md.IndexOf("# --- source Region ap-south-1 ---", StringComparison.Ordinal) < md.IndexOf("# --- source Region ap-southeast-1 ---", StringComparison.Ordinal));
        Assert.DoesNotContain(alarms, l => l.Contains("us-east-1", StringComparison.Ordinal));
    }

    private static List<string> Lines(string md, string prefix)
        => md.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    private static string Record(string time, string region)
        => "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"" + time
           + "\",\"region\":\"" + region + "\",\"requestId\":\"r\",\"operation\":\"Converse\",\"modelId\":\"" + Sonnet + "\","
           + "\"input\":{\"inputBodyJson\":{\"messages\":[],\"inferenceConfig\":{\"maxTokens\":1024}},\"inputTokenCount\":1000"
           + ",\"cacheWriteInputTokenCount\":0,\"cacheReadInputTokenCount\":0},\"output\":{\"outputTokenCount\":200}}";
}
