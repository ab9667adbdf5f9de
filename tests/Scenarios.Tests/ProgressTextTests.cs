using LoadTest.Scenarios.Measurement;
using LoadTest.Scenarios.Measurement.Harness;
using LoadTest.Scenarios.Progress;

namespace LoadTest.Scenarios.Tests;

public sealed class ProgressTextTests
{
    private static ProgressSnapshot Snapshot(long clientRateLimited) => new()
    {
        Scenario = "diwali",
        PhaseIndex = 2,
        PhaseCount = 5,
        Phase = "constant 2400 rpm for 90s",
        Elapsed = TimeSpan.FromSeconds(95),
        Total = TimeSpan.FromMinutes(6),
        OfferedRpm = 2400,
        AchievedRpm = 1850.4,
        InFlight = 37,
        Ok = 1200,
        Throttled = 57,
        ThrottledAttempts = 31,
        ClientRateLimited = clientRateLimited,
        Failed = 57,
        TtftP95Ms = 2830.2,
        QuotaTpm = 1_150_000,
        QuotaTpmLimit = 1_200_000,
    };

    [Fact]
    public void The_line_says_how_many_throttled_requests_the_sdk_refused_on_the_client()
    {
        var line = ProgressText.Line(Snapshot(clientRateLimited: 40));

        Assert.Equal(
            "[01:35/06:00] phase 3/5 constant 2400 rpm for 90s | rpm offered 2400 achieved 1850 | in-flight 37 | p95 ttft 2830ms | ok 1200 throttled 57 (31 attempts, 40 refused by the SDK) failed 57 dropped 0 | quota tpm 1.15M/1.2M (96 %)",
            line);
    }

    [Fact]
    public void Without_client_side_refusals_the_line_stays_short()
    {
        Assert.Contains("throttled 57 (31 attempts) failed", ProgressText.Line(Snapshot(clientRateLimited: 0)), StringComparison.Ordinal);
    }

    [Fact]
    public void While_the_harness_is_saturated_the_line_says_so_with_its_lag()
    {
        var line = ProgressText.Line(Snapshot(0) with { Harness = new HarnessStatus(true, 48.4, 0.97) });

        Assert.EndsWith("| quota tpm 1.15M/1.2M (96 %) | HARNESS SATURATED lag 48 ms cpu 97 %", line, StringComparison.Ordinal);
        Assert.DoesNotContain("HARNESS", ProgressText.Line(Snapshot(0) with { Harness = new HarnessStatus(false, 3, 0.5) }), StringComparison.Ordinal);
    }

    [Fact]
    public void The_plain_display_prints_a_line_when_saturation_begins_not_only_every_few_seconds()
    {
        var writer = new StringWriter();
        var sink = new PlainProgressSink(writer, TimeSpan.FromSeconds(5));
        ProgressSnapshot At(int second, bool saturated) => Snapshot(0) with { Elapsed = TimeSpan.FromSeconds(second), Harness = new HarnessStatus(saturated, saturated ? 120 : 1, 0.4) };

        sink.Report(At(1, false));
        sink.Report(At(2, false));
        sink.Report(At(3, true));
        sink.Report(At(4, true));

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("[00:03/06:00]", lines[1], StringComparison.Ordinal);
        Assert.Contains("HARNESS SATURATED lag 120 ms", lines[1], StringComparison.Ordinal);
    }
}
