using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Results;

namespace LoadTest.Import.Tests;

public sealed class ReplayExportTests : IDisposable
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

    private readonly Records _r = new();

    public void Dispose() => _r.Dispose();

    /// <summary>
    /// The hand-made traffic, in shuffled time order:
    /// - Haiku ConverseStream, tenant "Acme Corp": 20 requests at 10:00:01..10:00:20, request i has
    ///   input 5i, output i; maxTokens 512 in 15 bodies and 1024 in 5 (i = 16..20); request 1 wrote
    ///   100 cache tokens and requests 2-5 read 100. Input mean 52.5, p95 95 (the 19th of 20: nearest
    ///   rank of 0.95 x 20 = 19); output mean 10.5, p95 19; maxTokens 512; cached prefix 100.
    /// - Haiku Converse, tenant "beta": 2 requests, input 100 and 300, output 10 and 30, no maxTokens
    ///   in the body: mean 200 / p95 300, output 20 / 30, no maxTokens.
    /// - Llama InvokeModel without the tenant key: input 50, output 7 at 10:00:30.
    /// - Sonnet 4.5 (base ID) Converse, tenant "Acme Corp": input 1000, output 100, at 10:00:00.5.
    /// - one CountTokens request: not replayed.
    /// </summary>
    private static List<string> Traffic()
    {
        var lines = new List<string>();
        for (var i = 1; i <= 20; i++)
        {
            lines.Add(Records.Log(
                $"2026-11-03T10:00:{i:00}Z", Haiku, 5 * i, i, cacheRead: i is >= 2 and <= 5 ? 100 : 0, cacheWrite: i == 1 ? 100 : 0,
                operation: "ConverseStream", tenant: "Acme Corp", maxTokens: i > 15 ? 1024 : 512));
        }

        lines.Add(Records.Log("2026-11-03T10:00:03Z", Haiku, 100, 10, body: "plain", tenant: "beta"));
        lines.Add(Records.Log("2026-11-03T10:00:04Z", Haiku, 300, 30, body: "plain", tenant: "beta"));
        lines.Add(Records.Log("2026-11-03T10:00:30Z", Records.Llama, 50, 7, operation: "InvokeModel", tenant: null, region: "ap-south-1"));
        lines.Add(Records.Log("2026-11-03T10:00:00.500Z", Records.Sonnet, 1000, 100, tenant: "Acme Corp", inferenceRegion: "us-west-2"));
        lines.Add(Records.Log("2026-11-03T10:00:05Z", Haiku, 10, 0, operation: "CountTokens"));

        // Out of time order: a fixed shuffle.
        return lines.OrderBy(l => l.GetHashCode(StringComparison.Ordinal)).ToList();
    }

    private (ImportReport Report, ReplayWritten Written, string Out) Import(IEnumerable<string> lines, string? groupBy, DateTimeOffset? from = null, ScenarioConfig? config = null)
    {
        var logs = _r.Write("in/logs.json", string.Join("\n", lines));
        var outDir = _r.Path_("out");
        using var replay = new ReplayExport(outDir, WorkloadGrouping.Parse(groupBy), from);
        var report = Importer.Run(new ImportRequest { InvocationLogs = [logs], From = from }, replay);
        Importer.Write(report, outDir);
        return (report, replay.Write(config), outDir);
    }

    [Fact]
    public void The_written_scenarios_yaml_loads_with_the_hand_computed_workloads_models_and_quotas()
    {
        var config = ScenarioConfigLoader.Parse($$"""
            models:
              - id: {{Haiku}}
                tpm: 123456
                rpm: 789
            """);

        var (_, written, outDir) = Import(Traffic(), "requestMetadata.tenant", config: config);

        var path = Path.Combine(outDir, ReplayExport.ScenariosFile);
        var loaded = ScenarioConfigLoader.LoadFile(path);
        Assert.Equal(
            ["claude-haiku-4-5-converse-beta", "claude-haiku-4-5-converse-stream-acme-corp", "claude-sonnet-4-5-converse-acme-corp", "llama3-1-70b-instruct-invoke-no-tenant"],
            loaded.Workloads.Select(w => w.Name).Order(StringComparer.Ordinal));

        var stream = loaded.FindWorkload("claude-haiku-4-5-converse-stream-acme-corp")!;
        Assert.Equal(Haiku, stream.Model);
        Assert.Equal(ApiKind.ConverseStream, stream.Api);
        Assert.Equal(52.5, stream.InputTokens.Mean);
        Assert.Equal(95, stream.InputTokens.P95);
        Assert.Equal(10.5, stream.OutputTokens.Mean);
        Assert.Equal(19, stream.OutputTokens.P95);
        Assert.Equal(512, stream.MaxTokens);
        Assert.Equal(100, stream.CachedPrefixTokens);

        var beta = loaded.FindWorkload("claude-haiku-4-5-converse-beta")!;
        Assert.Equal(ApiKind.Converse, beta.Api);
        Assert.Equal((200.0, 300.0), (beta.InputTokens.Mean, beta.InputTokens.P95));
        Assert.Equal((20.0, 30.0), (beta.OutputTokens.Mean, beta.OutputTokens.P95));
        Assert.Equal(1024, beta.MaxTokens); // no body said: the loader's default
        Assert.Equal(0, beta.CachedPrefixTokens);
        Assert.Null(written.Workloads.Single(w => w.Name == beta.Name).MaxTokens);

        var llama = loaded.FindWorkload("llama3-1-70b-instruct-invoke-no-tenant")!;
        Assert.Equal(ApiKind.Invoke, llama.Api);
        Assert.Equal(50, llama.InputTokens.Fixed);

        // Quotas: --config's for Haiku, the catalog's for Sonnet (base ID: a quarter of the global
        // 2,000,000 TPM / 2,000 RPM), none for Llama (not in the catalog).
        Assert.Equal((123456L, 789L), (loaded.FindModel(Haiku)!.Tpm, loaded.FindModel(Haiku)!.Rpm));
        Assert.Equal((500_000L, 500L), (loaded.FindModel(Records.Sonnet)!.Tpm, loaded.FindModel(Records.Sonnet)!.Rpm));
        Assert.Null(loaded.FindModel(Records.Llama)!.Tpm);
        Assert.Equal([Records.Sonnet, Haiku, Records.Llama], loaded.ListedModelIds.Order(StringComparer.Ordinal));
        var yaml = File.ReadAllLines(path);
        Assert.Contains(yaml, l => l.Contains("tpm: 123456", StringComparison.Ordinal) && l.Contains("# from --config", StringComparison.Ordinal));
        Assert.Contains(yaml, l => l.Contains("tpm: 500000", StringComparison.Ordinal) && l.Contains("# catalog default: put your real quota here", StringComparison.Ordinal));
        Assert.Contains(yaml, l => l.Contains("maxTokens: 512", StringComparison.Ordinal) && l.Contains("most common", StringComparison.Ordinal));

        // Scenarios, target and emulator.
        Assert.Equal("replay", loaded.DefaultScenario);
        var replay = Assert.IsType<ReplayPhase>(Assert.Single(loaded.FindScenario("replay")!.Phases));
        var four = Assert.IsType<ReplayPhase>(Assert.Single(loaded.FindScenario("replay-4x")!.Phases));
        Assert.Equal((1.0, 1.0), (replay.Multiplier, replay.Speed));
        Assert.Equal(4, four.Multiplier);
        Assert.Equal(Path.Combine(outDir, ArrivalsCsv.FileName), replay.File);
        Assert.Equal(TargetKind.Emulator, loaded.Target.Kind);
        Assert.Equal("us-east-1", loaded.Target.Region);
        Assert.Equal("us-east-1", loaded.Emulator.SourceRegion);
        Assert.Equal(["us-east-1", "ap-south-1", "us-west-2"], loaded.Emulator.Regions);

        Assert.Equal(24, written.Rows);
        Assert.Equal(1, written.NotReplayed["CountTokens"]);
    }

    [Fact]
    public void Arrivals_have_one_row_per_request_with_offsets_from_the_first_whatever_the_input_order()
    {
        var (report, written, outDir) = Import(Traffic(), null);

        var rows = ArrivalsCsv.Read(Path.Combine(outDir, ArrivalsCsv.FileName)).ToList();
        Assert.Equal(24, rows.Count);
        Assert.Equal(25, report.Models.Sum(m => m.Requests)); // the CountTokens one is summarised, not replayed
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 10, 0, 0, 500, TimeSpan.Zero), written.Origin);
        Assert.All(rows, r => Assert.True(r.OffsetMs >= 0));
        Assert.Equal(0, rows.Min(r => r.OffsetMs));
        var sonnet = Assert.Single(rows, r => r.Workload == "claude-sonnet-4-5-converse");
        Assert.Equal((0.0, 1000, 100, 512), (sonnet.OffsetMs, sonnet.InputTokens, sonnet.OutputTokens, sonnet.MaxTokens));
        var haiku7 = Assert.Single(rows, r => r.Workload == "claude-haiku-4-5-converse-stream" && r.InputTokens == 35);
        Assert.Equal((6500.0, 7, 0, 0, 512), (haiku7.OffsetMs, haiku7.OutputTokens, haiku7.CacheReadTokens, haiku7.CacheWriteTokens, haiku7.MaxTokens));
        var haiku1 = Assert.Single(rows, r => r.Workload == "claude-haiku-4-5-converse-stream" && r.InputTokens == 5);
        Assert.Equal((500.0, 100), (haiku1.OffsetMs, haiku1.CacheWriteTokens));
        var llama = Assert.Single(rows, r => r.Workload == "llama3-1-70b-instruct-invoke");
        Assert.Equal(29_500, llama.OffsetMs);
        Assert.Null(Assert.Single(rows, r => r.Workload == "claude-haiku-4-5-converse" && r.InputTokens == 300).MaxTokens);

        // Without --group-by the two Haiku Converse tenants are one workload: 3 workloads + Sonnet's.
        Assert.Equal(4, written.Workloads.Count);
        Assert.Single(Directory.GetFiles(outDir, "*.csv"));
    }

    [Fact]
    public void A_request_without_usage_is_replayed_at_its_workloads_mean_sizes_and_left_out_of_the_fit()
    {
        var lines = Traffic();
        lines.Add(Records.Log("2026-11-03T10:00:40Z", Records.Sonnet, 0, 0, tenant: "Acme Corp").Replace("\"inputTokenCount\":0,", "", StringComparison.Ordinal));
        lines.Add(Records.Log("2026-11-03T10:00:41Z", Records.Sonnet, 0, 0, tenant: "Acme Corp"));
        lines.Add(Records.Log("2026-11-03T10:00:42Z", Records.Sonnet, 3000, 300, tenant: "Acme Corp"));

        var (_, written, outDir) = Import(lines, null);

        // Sonnet's fit: 1000/100 and 3000/300 -> means 2000 and 200; the two without usage replay at those.
        var sonnet = written.Workloads.Single(w => w.Name == "claude-sonnet-4-5-converse");
        Assert.Equal((4L, 2000.0, 200.0), (sonnet.Requests, sonnet.Input.Mean, sonnet.Output.Mean));
        var rows = ArrivalsCsv.Read(Path.Combine(outDir, ArrivalsCsv.FileName)).Where(r => r.Workload == sonnet.Name).OrderBy(r => r.OffsetMs).ToList();
        Assert.Equal([(1000, 100), (2000, 200), (2000, 200), (3000, 300)], rows.Select(r => (r.InputTokens, r.OutputTokens)));
        Assert.Contains("2 without token usage", File.ReadAllText(Path.Combine(outDir, ReplayExport.ScenariosFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void From_sets_the_origin_and_only_the_window_is_replayed()
    {
        var from = new DateTimeOffset(2026, 11, 3, 9, 59, 0, TimeSpan.Zero);
        var lines = Traffic();
        lines.Add(Records.Log("2026-11-03T09:58:00Z", Haiku, 1, 1));

        var (report, written, outDir) = Import(lines, null, from);

        var rows = ArrivalsCsv.Read(Path.Combine(outDir, ArrivalsCsv.FileName)).ToList();
        Assert.Equal(1, report.OutsideWindow);
        Assert.Equal(24, rows.Count);
        Assert.Equal(from, written.Origin);
        Assert.Equal(60_500, rows.Min(r => r.OffsetMs));
    }

    [Fact]
    public void Bodies_and_ungrouped_metadata_reach_no_file_in_the_out_folder()
    {
        var lines = Traffic();
        lines.Insert(3, "{\"schemaType\":\"ModelInvocationLog\",\"input\":{\"inputBodyJson\":\"" + Records.Marker);
        lines.Insert(5, "2026-11-03T10:00:00Z not json " + Records.Marker);

        var (report, _, outDir) = Import(lines, "requestMetadata.tenant");

        Assert.Equal(2, report.InvocationLogs.Skipped);
        var files = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories);
        Assert.Equal(
            [ArrivalsCsv.FileName, Importer.JsonFile, Importer.MarkdownFile, ReplayExport.ScenariosFile],
            files.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.DoesNotContain(Records.Marker, File.ReadAllText(file), StringComparison.Ordinal);
        }

        // The grouped key's values do appear: that is what the user asked for.
        Assert.Contains("Acme Corp", File.ReadAllText(Path.Combine(outDir, ReplayExport.ScenariosFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void No_request_in_the_window_writes_no_replay_files_and_leaves_no_scratch_file()
    {
        var (_, written, outDir) = Import(Traffic(), null, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(0, written.Rows);
        Assert.Null(written.ScenariosPath);
        Assert.Equal([Importer.JsonFile, Importer.MarkdownFile], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failed_import_leaves_no_scratch_file()
    {
        var logs = _r.Write("in/bad.json", Records.Log("2026-11-03T10:00:00Z", Haiku, 1, 1, version: "9.9"));
        var outDir = _r.Path_("out-bad");
        using (var replay = new ReplayExport(outDir, WorkloadGrouping.Default))
        {
            Assert.Throws<ConfigException>(() => Importer.Run(new ImportRequest { InvocationLogs = [logs] }, replay));
        }

        Assert.Empty(Directory.GetFiles(outDir));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("model", null)]
    [InlineData("operation", null)]
    [InlineData("requestMetadata.tenant", "tenant")]
    public void Group_by_accepts_the_defaults_and_a_request_metadata_key(string? text, string? key)
        => Assert.Equal(key, WorkloadGrouping.Parse(text).MetadataKey);

    [Fact]
    public void Group_by_anything_else_is_a_config_error_with_the_expected_forms()
    {
        var e = Assert.Throws<ConfigException>(() => WorkloadGrouping.Parse("tenant"));
        Assert.Contains("did you mean 'requestMetadata.tenant'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_readable_sanitised_and_unique()
    {
        var grouping = WorkloadGrouping.Parse("requestMetadata.team");
        var keys = new[]
        {
            new WorkloadKey("us." + "anthropic.claude-haiku-4-5-20251001-v1:0", ApiKind.Converse, "Team A!"),
            new WorkloadKey("us." + "anthropic.claude-haiku-4-5-20251001-v1:0", ApiKind.Converse, "team-a"),
            new WorkloadKey("global.anthropic.claude-haiku-4-5-20251001-v1:0", ApiKind.Converse, null),
            new WorkloadKey("anthropic.claude-opus-4-6-v1", ApiKind.InvokeStream, "x"),
        };

        var names = grouping.Names(keys);

        // Two profiles of Haiku share a short name: the full IDs are used.
        Assert.Equal("us-anthropic-claude-haiku-4-5-20251001-v1-0-converse-team-a", names[keys[0]]);
        Assert.Equal("us-anthropic-claude-haiku-4-5-20251001-v1-0-converse-team-a-2", names[keys[1]]);
        Assert.Equal("global-anthropic-claude-haiku-4-5-20251001-v1-0-converse-no-team", names[keys[2]]);
        Assert.Equal("claude-opus-4-6-invoke-stream-x", names[keys[3]]);
    }

    [Fact]
    public void Embedding_model_records_become_an_embed_workload_that_loads()
    {
        // Cohere Embed v4 through InvokeModel: input tokens only, 120 and 80 (mean 100, p95 120).
        const string Cohere = "global.cohere.embed-v4:0";
        var (_, _, outDir) = Import(
            [
                Records.Log("2026-11-03T10:00:01Z", Cohere, 120, 0, operation: "InvokeModel", tenant: null),
                Records.Log("2026-11-03T10:00:02Z", Cohere, 80, 0, operation: "InvokeModel", tenant: null),
            ],
            groupBy: null);

        var loaded = ScenarioConfigLoader.LoadFile(Path.Combine(outDir, ReplayExport.ScenariosFile));
        var embed = Assert.Single(loaded.Workloads);
        Assert.Equal(Cohere, embed.Model);
        Assert.Equal(ApiKind.Embed, embed.Api);
        Assert.Equal(100, embed.InputTokens.Mean);
        Assert.Equal(120, embed.InputTokens.P95);
        Assert.Equal(1, embed.Texts!.Fixed);
        Assert.Null(embed.MaxTokens);
    }

    [Fact]
    public void The_p95_of_a_large_skewed_sample_is_within_1_percent_of_the_exact_one()
    {
        var random = new Random(7);
        var values = new long[100_000];
        var fit = new TokenFit();
        for (var i = 0; i < values.Length; i++)
        {
            // Lognormal around 2,000 tokens with a long tail.
            values[i] = (long)Math.Exp(7.6 + (1.2 * Normal(random)));
            fit.Add(values[i]);
        }

        Array.Sort(values);
        foreach (var p in new[] { 50.0, 95, 99 })
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            Assert.InRange(fit.Percentile(p), exact * 0.99, exact * 1.01);
        }

        Assert.Equal(values.Average(), fit.Mean, 6);
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
