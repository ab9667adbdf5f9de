namespace LoadTest.Cli.Tests;

public sealed class CompareCommandTests
{
    [Fact]
    public async Task Compare_prints_both_runs_with_deltas_and_flags_regressions()
    {
        var a = CliRunFixture.Write();
        var b = CliRunFixture.Write(slowdown: 1.5);
        var stdout = new StringWriter();

        var code = await CliApp.RunAsync(["compare", a, b], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Passed, code);
        var line = stdout.ToString().Split('\n').Single(l => l.StartsWith("p95(ttft)", StringComparison.Ordinal));
        Assert.Contains("700 ms", line, StringComparison.Ordinal);
        Assert.Contains("1.05 s", line, StringComparison.Ordinal);
        Assert.Contains("+350 ms", line, StringComparison.Ordinal);
        Assert.Contains("+50.0%", line, StringComparison.Ordinal);
        Assert.Contains("worse", line, StringComparison.Ordinal);
        Assert.Contains("quota TPM peak", stdout.ToString(), StringComparison.Ordinal);

        // Error codes on either side are compared too: B's throttles were mostly refused on the client.
        var refused = stdout.ToString().Split('\n').Single(l => l.StartsWith("failed: ClientRateLimited", StringComparison.Ordinal));
        Assert.Matches(@"^failed: ClientRateLimited\s+0\s+240\s+\+240\b", refused);
        Assert.Contains("worse", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_can_print_markdown_for_a_pr_comment()
    {
        var a = CliRunFixture.Write();
        var stdout = new StringWriter();

        await CliApp.RunAsync(["compare", a, a, "--markdown"], stdout, new StringWriter());

        Assert.Contains("|---|---:|", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("| throttle_rate |", stdout.ToString(), StringComparison.Ordinal);
    }
}
