using System.Globalization;
using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Emulator;
using LoadTest.Results;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Load;

namespace LoadTest.Scenarios.Tests;

/// <summary>The replay phase: a hand-made arrivals.csv played back against the in-process emulator, and its schedule without a clock.</summary>
[Collection(TimingCollection.Name)]
public sealed class ReplayTests : IDisposable
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("loadtest-replay-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>
    /// 120 rows over 3 s, written out of order: offsets 25 ms apart (i * 25), input 100 + i,
    /// output 5 + i % 17, workload chat or batch alternately, maxTokens 64 on even rows and empty on odd ones.
    /// </summary>
    private static List<ArrivalRow> Trace(int rows = 120) => Enumerable.Range(0, rows)
        .Select(i => new ArrivalRow
        {
            OffsetMs = i * 25,
            Workload = i % 2 == 0 ? "chat" : "batch",
            InputTokens = 100 + i,
            OutputTokens = 5 + (i % 17),
            MaxTokens = i % 2 == 0 ? 64 : null,
        })
        .OrderBy(r => (r.InputTokens * 7919) % 101)
        .ToList();

    private string Yaml(string phase) => $$"""
        target: { kind: emulator, region: us-east-1, retry: { mode: standard, maxAttempts: 3 }, timeout: 30s }
        models:
          - { id: {{Haiku}}, tpm: 100000000, rpm: 100000 }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1, us-west-2]
          latencyScale: 0
        workloads:
          - name: chat
            model: {{Haiku}}
            api: converse
            inputTokens: { fixed: 2000 }
            outputTokens: { fixed: 40 }
            maxTokens: 128
          - name: batch
            model: {{Haiku}}
            api: converse
            inputTokens: { fixed: 3000 }
            outputTokens: { fixed: 50 }
            maxTokens: 256
        scenarios:
          - name: r
            load:
              - {{phase}}
        """;

    private ScenarioConfig Config(string phase, List<ArrivalRow>? rows = null)
    {
        ArrivalsCsv.Write(Path.Combine(_dir.FullName, ArrivalsCsv.FileName), rows ?? Trace());
        var path = Path.Combine(_dir.FullName, "scenarios.yaml");
        File.WriteAllText(path, Yaml(phase));
        return ScenarioConfigLoader.LoadFile(path);
    }

    private static async Task<(RunSummary Summary, List<Dictionary<string, string>> Rows)> RunAsync(ScenarioConfig config, double durationScale = 1)
    {
        await using var emulator = await EmulatorServer.StartAsync(EmulatorConfig.FromConfig(config) with { Http2Port = null });
        var run = LoadRunFactory.Create(config, new RunOverrides { Endpoint = emulator.Http1Url, Seed = 5, DurationScale = durationScale });
        using var pool = new BedrockClientPool();
        var sender = new BedrockRequestSender(pool.For(run.Scenario.Target), TargetKind.Emulator);
        var dir = EngineFixture.Output();
        var summary = await new LoadEngine(sender).RunAsync(run, dir);
        return (summary, CsvRows.Read(dir.Requests).OrderBy(r => r.Number("scheduledMs")).ThenBy(r => r.Number("inputTokens")).ToList());
    }

    [Fact]
    public async Task Times_1_sends_every_row_once_at_its_offset_with_its_own_workload_and_sizes()
    {
        var (summary, rows) = await RunAsync(Config("replay: { file: arrivals.csv }"));
        var expected = Trace().OrderBy(r => r.OffsetMs).ToList();

        Assert.Equal(120, summary.Requests.Scheduled);
        Assert.Equal(120, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i], rows[i]);
            Assert.Equal("ok", got["outcome"]);
            Assert.Equal(want.OffsetMs, got.Number("scheduledMs"), 3);
            Assert.Equal(want.Workload, got["workload"]);
            Assert.Equal(want.InputTokens, got.Number("inputTokens"));
            Assert.Equal(want.OutputTokens, got.Number("outputTokens"));
            Assert.Equal(want.MaxTokens ?? (want.Workload == "chat" ? 128 : 256), got.Number("maxTokens"));
        }
    }

    [Fact]
    public async Task Times_4_sends_four_times_the_requests_within_the_trace_keeping_each_size()
    {
        var (summary, rows) = await RunAsync(Config("replay: { file: arrivals.csv, multiplier: 4 }"));

        Assert.InRange(summary.Requests.Scheduled, 480 * 0.98, 480 * 1.02);
        Assert.InRange(rows.Count, 480 * 0.98, 480 * 1.02);
        Assert.All(rows, r => Assert.InRange(r.Number("scheduledMs"), 0, 119 * 25 + 1));
        var recorded = Trace().Select(r => (r.InputTokens, r.OutputTokens)).ToHashSet();
        Assert.All(rows, r => Assert.Contains(((int)r.Number("inputTokens"), (int)r.Number("outputTokens")), recorded));

        // The shape is kept: each second of the trace gets four times its recorded arrivals, within 10 %.
        for (var s = 0; s < 3; s++)
        {
            var second = rows.Count(r => (int)(r.Number("scheduledMs") / 1000) == s);
            Assert.InRange(second, 4 * 40 * 0.9, 4 * 40 * 1.1);
        }
    }

    [Fact]
    public void Speed_2_halves_every_offset_and_the_phase_length()
    {
        var config = Config("replay: { file: arrivals.csv, speed: 2 }");
        var run = LoadRunFactory.Create(config, new RunOverrides());
        var phase = Assert.IsType<ReplayPhase>(run.Phases[0]);
        var trace = run.Traces[phase.File];

        Assert.Equal(TimeSpan.FromMilliseconds(((119 * 25) + 1) / 2.0), phase.Duration);
        var offsets = trace.Arrivals(phase, new Random(1)).Select(a => a.Offset.TotalMilliseconds).ToList();
        Assert.Equal(Enumerable.Range(0, 120).Select(i => i * 25 / 2.0), offsets);
    }

    [Fact]
    public void Half_keeps_a_seeded_half_and_the_same_seed_keeps_the_same_rows()
    {
        var config = Config("replay: { file: arrivals.csv, multiplier: 0.5 }", Trace(2000));
        var run = LoadRunFactory.Create(config, new RunOverrides());
        var phase = Assert.IsType<ReplayPhase>(run.Phases[0]);
        var trace = run.Traces[phase.File];

        var kept = trace.Arrivals(phase, new Random(9)).Select(a => a.Row).ToList();
        Assert.InRange(kept.Count, 900, 1100);
        Assert.Equal(kept, trace.Arrivals(phase, new Random(9)).Select(a => a.Row));
        Assert.NotEqual(kept, trace.Arrivals(phase, new Random(10)).Select(a => a.Row));
    }

    [Fact]
    public void Duration_scale_cuts_or_repeats_the_trace_at_its_recorded_rate()
    {
        var config = Config("replay: { file: arrivals.csv }");
        var half = LoadRunFactory.Create(config, new RunOverrides { DurationScale = 0.5 });
        var twice = LoadRunFactory.Create(config, new RunOverrides { DurationScale = 2 });
        var trace = half.Traces.Values.Single();

        var first = trace.Arrivals((ReplayPhase)half.Phases[0], new Random(1)).ToList();
        var both = trace.Arrivals((ReplayPhase)twice.Phases[0], new Random(1)).ToList();
        Assert.Equal(60, first.Count);
        Assert.Equal(240, both.Count);
        Assert.Equal(2976, both[120].Offset.TotalMilliseconds, 6);
    }

    [Fact]
    public void An_empty_trace_is_refused_when_the_run_is_made()
    {
        var config = Config("replay: { file: arrivals.csv }", []);
        var e = Assert.Throws<ConfigException>(() => LoadRunFactory.Create(config, new RunOverrides()));
        Assert.Contains("no rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_naming_an_unknown_workload_stops_the_run_naming_its_line()
    {
        var rows = Trace(5).OrderBy(r => r.OffsetMs).ToList();
        rows[3] = rows[3] with { Workload = "chatt" };
        var config = Config("replay: { file: arrivals.csv }", rows);

        var e = Assert.Throws<ConfigException>(() => LoadRunFactory.Create(config, new RunOverrides()));
        Assert.Equal(Path.Combine(_dir.FullName, ArrivalsCsv.FileName), e.File);
        Assert.Equal((5L, 4L), (e.Line, e.Column));
        Assert.Contains("'chatt'", e.Message, StringComparison.Ordinal);
        Assert.Contains("chat", e.Detail, StringComparison.Ordinal);
    }
}
