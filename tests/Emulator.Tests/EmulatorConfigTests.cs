using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Core.Quotas;

namespace LoadTest.Emulator.Tests;

public sealed class EmulatorConfigTests
{
    [Fact]
    public void Every_emulator_key_is_read()
    {
        const string yaml = """
            models:
              - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
                tpm: 4000000
                rpm: 4000
            emulator:
              sourceRegion: ap-south-1
              regions: [ap-south-1, us-east-1, us-west-2, eu-west-1, ap-northeast-1]
              regionCapacity: { default: 200, us-east-1: 500 }
              latencyScale: 0.5
              jitter: 20%
              enforceQuotas: false
              reservation: { maxTokens: true, burndownOnMaxTokens: false }
              defaultMaxTokens: 2048
              streamChunkTokens: 8
              cacheTtl: 10m
              logDir: /tmp/emu-logs
              timingLog: /tmp/emu-timing.jsonl
              seed: 42
              outages:
                - { region: us-east-1, from: 30s, to: 2m }
              faults:
                - { error: ServiceUnavailableException, rate: 0.02 }
                - { midStream: ThrottlingException, rate: 1% }
                - { stall: 2s, rate: 0.01 }
                - { reset: true, rate: 0.005 }
                - { slowFirstByte: 3s, rate: 0.01, model: global.anthropic.claude-haiku-4-5-20251001-v1:0 }
                - { truncateFrame: true, rate: 0.02 }
                - { corruptCrc: true, rate: 0.03 }
            """;
        var o = TestEmulator.Options(yaml);
        Assert.Equal("ap-south-1", o.SourceRegion);
        Assert.Equal(5, o.Regions.Count);
        Assert.Equal(200, o.RegionCapacity);
        Assert.Equal(500, o.RegionCapacityOverrides["us-east-1"]);
        Assert.Equal(0.5, o.LatencyScale);
        Assert.Equal(0.2, o.Jitter, 6);
        Assert.False(o.EnforceQuotas);
        Assert.Equal(new ReservationPolicy(true, false, ReservationRelease.Progressive, 2048), o.Reservation);
        Assert.Equal(8, o.TokensPerStreamDelta);
        Assert.Equal(TimeSpan.FromMinutes(10), o.CacheTtl);
        Assert.Equal("/tmp/emu-logs", o.LogDirectory);
        Assert.Equal("/tmp/emu-timing.jsonl", o.TimingLog);
        Assert.Equal(42, o.Seed);
        Assert.Equal(new OutageWindow("us-east-1", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)), o.Outages.Single());
        Assert.Equal(
            [FaultKind.Error, FaultKind.MidStream, FaultKind.Stall, FaultKind.Reset, FaultKind.SlowFirstByte, FaultKind.TruncateFrame, FaultKind.CorruptCrc],
            o.Faults.Select(f => f.Kind));
        Assert.Equal("throttlingException", o.Faults[1].ErrorType);
        Assert.Equal(0.01, o.Faults[1].Rate, 6);
        Assert.Equal(TimeSpan.FromSeconds(2), o.Faults[2].Duration);
        Assert.Equal("global.anthropic.claude-haiku-4-5-20251001-v1:0", o.Faults[4].ModelId);
        Assert.Equal(4_000_000, o.Models.Single(m => m.Id == "global.anthropic.claude-haiku-4-5-20251001-v1:0").Tpm);
    }

    [Fact]
    public void Defaults_without_an_emulator_section()
    {
        var o = TestEmulator.Options("models: []");
        Assert.Equal("us-east-1", o.SourceRegion);
        Assert.True(o.EnforceQuotas);
        Assert.Equal(ReservationPolicy.Default, o.Reservation);
        Assert.Equal(1.0, o.LatencyScale);
        Assert.Equal("127.0.0.1", o.BindAddress);
        Assert.Equal(0, o.Port);
        Assert.Contains(o.Models, m => m.Id == TestEmulator.Haiku);
    }

    [Fact]
    public void The_reservation_rule_reads_each_part_and_the_legacy_rule_whole()
    {
        var legacy = TestEmulator.Options("emulator:\n  reservation: { rule: legacy }\n");
        Assert.Equal(ReservationPolicy.Legacy, legacy.Reservation);

        var mixed = TestEmulator.Options("emulator:\n  reservation: { rule: legacy, release: progressive, defaultMaxTokens: model-max }\n");
        Assert.Equal(new ReservationPolicy(true, true, ReservationRelease.Progressive, null), mixed.Reservation);

        var aws = TestEmulator.Options("emulator:\n  reservation: { burndownOnMaxTokens: true, release: atCompletion, defaultMaxTokens: 8192 }\n");
        Assert.Equal(new ReservationPolicy(true, true, ReservationRelease.AtCompletion, 8192), aws.Reservation);
    }

    [Theory]
    [InlineData("  reservation: { release: eventually }\n", 2, "progressive or atCompletion")]
    [InlineData("  reservation: { rule: strict }\n", 2, "aws or legacy")]
    [InlineData("  reservation: { defaultMaxTokens: lots }\n", 2, "model-max or a whole number")]
    [InlineData("  defaultMaxTokens: 0\n", 2, "model-max or a whole number")]
    [InlineData("  reservation: { defaultMaxTokens: 10 }\n  defaultMaxTokens: 20\n", 3, "give one")]
    public void A_bad_reservation_value_names_its_line_and_column(string body, long line, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => TestEmulator.Options("emulator:\n" + body));
        Assert.Equal(("test.yaml", line), (e.File, e.Line));
        Assert.True(e.Column > 1);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_emulator_section_fails_through_the_one_config_loader()
    {
        // The section's rules are tested in Config.Tests; here: the emulator gets no options from a bad file.
        var e = Assert.Throws<ConfigException>(() => TestEmulator.Options("emulator:\n  sourceRegion: us-east-1\n  latencySacle: 0\n"));
        Assert.Equal(("test.yaml", 3L), (e.File, e.Line));
        Assert.Contains("did you mean 'latencyScale'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_file_is_a_ConfigException()
    {
        var e = Assert.Throws<ConfigException>(() => EmulatorConfig.FromFile("/nonexistent/scenarios.yaml"));
        Assert.Contains("/nonexistent/scenarios.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_application_profile_whose_target_is_unknown_is_refused_at_start()
    {
        const string yaml = """
            models:
              - id: arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x
                target: global.anthropic.claude-nonexistent-v1:0
            """;
        var e = await Assert.ThrowsAsync<ConfigException>(() => TestEmulator.StartAsync(yaml));
        Assert.Contains("targets 'global.anthropic.claude-nonexistent-v1:0'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_scenarios_file_configures_an_emulator_that_starts()
    {
        var path = Path.Combine(TestEmulator.RepositoryRoot(), "scenarios.yaml");
        Assert.True(File.Exists(path), "scenarios.yaml is missing at the repository root");
        var options = EmulatorConfig.FromFile(path);
        await using var emu = await EmulatorServer.StartAsync(options with { LatencyScale = 0, LogDirectory = null });
        Assert.Equal("127.0.0.1", emu.Http1Url.Host);
        Assert.NotNull(emu.Http2Url);
        Assert.NotEqual(emu.Http1Url.Port, emu.Http2Url!.Port);
    }
}
