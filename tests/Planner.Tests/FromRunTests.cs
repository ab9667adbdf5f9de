using Xunit.Abstractions;
using LoadTest.Core;
using LoadTest.Planner.Output;
using LoadTest.Planner.Requirements;
using LoadTest.Planner.Simulation;

namespace LoadTest.Planner.Tests;

public sealed class FromRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "planner-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static PlanSettings Fast => new() { Simulation = new SimulationSettings { RequestsPerPoint = 60_000, Seed = 5 } };

    [Fact]
    public void Predicted_throttle_rate_at_the_runs_load_is_within_3_points_of_the_measured_one()
    {
        // 5 minutes at about twice a 600,000 TPM quota: roughly 40 % of requests throttled.
        var run = SyntheticRun.Create(Path.Combine(_dir, "run"), tpm: 600_000, rpm: 300, seconds: 300, seed: 21);
        Assert.InRange(run.ThrottleRate, 0.2, 0.6);

        var plan = PlanBuilder.FromRun(RunResults.Load(run.Directory), Fast);

        var m = Assert.Single(plan.Models);
        var measured = m.Curve!.Measured!;
        output.WriteLine($"requests {run.Requests}, measured {measured.MeasuredThrottleRate:P2}, predicted {measured.PredictedThrottleRate:P2}, difference {measured.DifferencePercentagePoints:+0.00;-0.00} pp");
        Assert.Equal(run.ThrottleRate, measured.MeasuredThrottleRate, 9);
        Assert.True(
            Math.Abs(measured.DifferencePercentagePoints) <= 3,
            $"predicted {measured.PredictedThrottleRate:P2}, measured {measured.MeasuredThrottleRate:P2}");
    }

    [Fact]
    public void A_spike_is_predicted_by_replaying_the_runs_arrivals_where_its_average_rate_would_miss_it()
    {
        // 4 minutes at 60 RPM, a 30 s spike at 600 RPM, 30 s back at 60: on average 114 RPM,
        // about 70 % of an 800,000 TPM quota's reservations, but the spike overruns it.
        var run = SyntheticRun.Create(Path.Combine(_dir, "spike"), tpm: 800_000, [(240, 60), (30, 750), (30, 60)], seed: 13);
        Assert.InRange(run.ThrottleRate, 0.05, 0.3);

        var plan = PlanBuilder.FromRun(RunResults.Load(run.Directory), Fast);

        var measured = Assert.Single(plan.Models).Curve!.Measured!;
        output.WriteLine($"requests {run.Requests}, measured {measured.MeasuredThrottleRate:P2}, replayed {measured.PredictedThrottleRate:P2}, steady at the average {measured.PredictedAtAverageRate:P2}");
        Assert.True(measured.ReplayedArrivals);
        Assert.Equal(run.ThrottleRate, measured.MeasuredThrottleRate, 9);
        Assert.True(Math.Abs(measured.DifferencePercentagePoints) <= 3, $"replayed {measured.PredictedThrottleRate:P2}, measured {measured.MeasuredThrottleRate:P2}");
        Assert.True(measured.PredictedAtAverageRate < measured.MeasuredThrottleRate - 0.04, $"the steady average predicts {measured.PredictedAtAverageRate:P2}");

        // Per phase: the spike is where the throttling was, measured and replayed alike.
        Assert.Equal([0, 1, 2], measured.Phases.Select(p => p.Phase));
        Assert.Equal(run.Requests, measured.Phases.Sum(p => p.Requests));
        var spike = measured.Phases[1];
        Assert.Equal("poisson 750 rpm for 30s", spike.Description);
        Assert.InRange(spike.OfferedRpm, 600, 900);
        Assert.True(spike.MeasuredThrottleRate > 0.15, $"spike measured {spike.MeasuredThrottleRate:P2}");
        Assert.True(Math.Abs(spike.PredictedThrottleRate - spike.MeasuredThrottleRate) <= 0.05, $"spike replayed {spike.PredictedThrottleRate:P2}, measured {spike.MeasuredThrottleRate:P2}");
        Assert.Equal(0, measured.Phases[0].MeasuredThrottleRate);
        Assert.Equal(0, measured.Phases[0].PredictedThrottleRate);

        // The quota request says both, so a reader sees why the average alone is not enough.
        var md = QuotaRequestWriter.Render(plan);
        Assert.Contains("Replaying the run's own arrivals", md, StringComparison.Ordinal);
        Assert.Contains("A steady load at the same average would see", md, StringComparison.Ordinal);
        Assert.Contains("| 2 | poisson 750 rpm for 30s |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lightly_loaded_run_is_predicted_unthrottled()
    {
        var run = SyntheticRun.Create(Path.Combine(_dir, "light"), tpm: 2_000_000, rpm: 120, seconds: 120, seed: 4);
        Assert.Equal(0, run.Throttled);

        var plan = PlanBuilder.FromRun(RunResults.Load(run.Directory), Fast);

        Assert.True(plan.Models[0].Curve!.Measured!.PredictedThrottleRate < 0.005);
        Assert.True(plan.Models[0].MaxMultiplierUnder1PctThrottle >= 1);
    }

    [Fact]
    public void The_mix_comes_from_the_run_per_model_and_workload()
    {
        var run = SyntheticRun.Create(Path.Combine(_dir, "mix"), tpm: 2_000_000, rpm: 240, seconds: 300, seed: 8);

        var plan = PlanBuilder.FromRun(RunResults.Load(run.Directory), Fast with { PeakMultiplier = 4, TargetUtilization = 0.8 });

        var m = plan.Models[0];
        Assert.Equal(run.Requests, m.Mix!.Requests);
        Assert.Equal(run.Requests / 5.0, m.BaselineRpm, 6);
        Assert.Equal(["chat", "summarize"], m.Workloads.Select(w => w.Workload));

        // chat: input uniform 1,000..3,000, output 100..300; summarize: input 4,000..6,000.
        var chat = m.Workloads[0];
        Assert.InRange(chat.InputTokens.Mean, 1_900, 2_100);
        Assert.InRange(chat.InputTokens.P50, 1_850, 2_150);
        Assert.True(chat.InputTokens.MeanCiLow < chat.InputTokens.Mean && chat.InputTokens.Mean < chat.InputTokens.MeanCiHigh);
        Assert.InRange(chat.OutputTokens.Mean, 190, 210);
        Assert.InRange(m.Workloads[1].InputTokens.Mean, 4_900, 5_100);
        Assert.NotNull(chat.InputTokens.Fit);

        // Quota tokens per request use the same rule as the emulator: input + cache write + output x 5.
        Assert.Equal(m.PerRequest.InputTokens + m.PerRequest.CacheWriteTokens + (m.PerRequest.OutputTokens * 5), m.PerRequest.QuotaTokens);
        Assert.Equal(400, m.PerRequest.MaxTokens);
        Assert.Equal((long)Math.Ceiling(m.PeakRpm * m.PerRequest.QuotaTokens - 1e-6), m.Required.Tpm);
        Assert.Equal(QuotaRounding.NiceCeiling(m.Required.Tpm / 0.8), m.Recommended.Tpm);
        Assert.Equal("run settings", m.QuotaSource);
        Assert.Equal(2_000_000, m.Current!.Tpm);
    }

    [Fact]
    public void Plan_files_are_written_with_the_curve_chart_and_the_quota_request()
    {
        var run = SyntheticRun.Create(Path.Combine(_dir, "files"), tpm: 600_000, rpm: 300, seconds: 120, seed: 2);
        var plan = PlanBuilder.FromRun(RunResults.Load(run.Directory), Fast);
        var outDir = Path.Combine(_dir, "files", "plan");

        PlanFiles.Write(plan, outDir);

        var csv = File.ReadAllLines(Path.Combine(outDir, PlanFiles.CurveCsvName));
        Assert.Equal(string.Join(',', CurveCsvWriter.Header), csv[0]);
        Assert.Equal(25, csv.Length);
        var png = File.ReadAllBytes(Path.Combine(outDir, PlanFiles.CurvePngName));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, PlanFiles.CurveSvgName)), StringComparison.Ordinal);
        var json = PlanJson.Deserialize(File.ReadAllText(Path.Combine(outDir, PlanFiles.PlanJsonName)))!;
        Assert.Equal(plan.Models[0].Required, json.Models[0].Required);
        Assert.Contains("Global cross-Region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1", File.ReadAllText(Path.Combine(outDir, PlanFiles.QuotaRequestName)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_results_directory_or_column_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => RunResults.Load(Path.Combine(_dir, "nope")));

        Directory.CreateDirectory(Path.Combine(_dir, "bad"));
        File.WriteAllText(Path.Combine(_dir, "bad", "requests.csv"), "id,model\n1,x\n");
        var e = Assert.Throws<ConfigException>(() => RunResults.Load(Path.Combine(_dir, "bad")));
        Assert.Contains("requests.csv", e.Message, StringComparison.Ordinal);
    }
}
