using LoadTest.Core;
using LoadTest.Core.Retry;
using LoadTest.Planner.Output;
using LoadTest.Planner.Requirements;
using LoadTest.Planner.Simulation;

namespace LoadTest.Planner.Tests;

/// <summary>The plan simulates the client the run used: its SDK, retry mode, attempts, rules and fail-fast.</summary>
public sealed class RunClientTests : IDisposable
{
    private static readonly RetryProfileSettings Default = new SimulationSettings().Retry;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "planner-client-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void The_default_client_is_the_dotnet_sdk_in_standard_mode_with_3_attempts_and_the_2026_rules()
        => Assert.Equal(new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.Standard, 3, RetryBehaviour.Retries2026, FastFail: false), Default);

    [Fact]
    public void A_run_from_before_retry_profiles_was_the_dotnet_sdk_with_the_2026_rules()
    {
        var run = new RunResults { Directory = "old", RetryMode = "adaptive", MaxAttempts = 4 };

        Assert.Equal(new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.Adaptive, 4, RetryBehaviour.Retries2026), PlanBuilder.RetryOf(run, Default));
    }

    [Fact]
    public void The_runs_sdk_rules_and_fail_fast_are_read()
    {
        var run = new RunResults { Directory = "r", Sdk = "botocore", RetryRules = "legacy", RetryMode = "adaptive", MaxAttempts = 5, FastFail = true };

        Assert.Equal(new RetryProfileSettings(SdkFamily.Botocore, RetryMode.Adaptive, 5, RetryBehaviour.Legacy, FastFail: true), PlanBuilder.RetryOf(run, Default));

        // Fail-fast is the adaptive limiter's: a standard run has none.
        Assert.False(PlanBuilder.RetryOf(run with { RetryMode = "standard" }, Default).FastFail);
    }

    [Fact]
    public void The_run_host_s_timer_tick_is_read_and_a_run_without_one_keeps_the_default()
    {
        var run = new RunResults { Directory = "r", RetryMode = "adaptive", TimerTickMs = 15.625 };

        Assert.Equal(0.015625, PlanBuilder.RetryOf(run, Default).TimerTickSeconds, 12);
        Assert.Equal(0.004, PlanBuilder.RetryOf(run with { TimerTickMs = null }, Default).TimerTickSeconds, 12);
    }

    [Theory]
    [InlineData("fortran", null, "the run's sdk should be dotnet, botocore, js-v3 or java-v2, got 'fortran'")]
    [InlineData(null, "2025", "the run's retry rules should be legacy or 2026, got '2025'")]
    public void A_misspelt_client_in_the_run_is_a_config_error(string? sdk, string? rules, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => PlanBuilder.RetryOf(new RunResults { Directory = "r", Sdk = sdk, RetryRules = rules }, Default));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_names_the_simulated_client_and_the_curve_has_its_new_columns()
    {
        var synthetic = SyntheticRun.Create(Path.Combine(_dir, "run"), tpm: 600_000, rpm: 300, seconds: 120, seed: 21);
        var run = RunResults.Load(synthetic.Directory) with { Sdk = "dotnet", RetryMode = "adaptive", RetryRules = "legacy", MaxAttempts = 4 };

        var plan = PlanBuilder.FromRun(run, new PlanSettings { Simulation = new SimulationSettings { RequestsPerPoint = 20_000, Seed = 5 } });

        Assert.Equal(("dotnet", "adaptive", "legacy", 4), (plan.Sdk, plan.RetryMode, plan.RetryRules, plan.MaxAttempts));
        Assert.Equal("dotnet adaptive (legacy rules), 4 attempts", plan.RetryDescription);
        var m = Assert.Single(plan.Models);
        Assert.All(m.Curve!.Points, p => Assert.Equal(p.Throttled, p.ServerThrottled + p.ClientRefused));
        Assert.Contains("client        dotnet adaptive (legacy rules), 4 attempts; at ", PlanText.Render(plan), StringComparison.Ordinal);

        using var csv = new StringWriter();
        CurveCsvWriter.Write(csv, plan);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",serverThrottled,clientRefused,clientRefusalRate,attemptsPerRequest,limiterWaitP95Seconds", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.Equal(CurveCsvWriter.Header.Length, line.Split(',').Length));
    }

    [Fact]
    public void Fail_fast_outside_adaptive_mode_is_a_config_error()
    {
        var settings = new PlanSettings { Simulation = new SimulationSettings { Retry = Default with { Mode = RetryMode.Standard, FastFail = true } } };

        var e = Assert.Throws<ConfigException>(settings.Validate);
        Assert.Contains("fail-fast applies to the adaptive retry mode only", e.Message, StringComparison.Ordinal);
    }
}
