using CsCheck;
using LoadTest.Core;

namespace LoadTest.Config.Tests;

/// <summary>
/// Random and mutated scenarios.yaml text never crashes the loader and never hangs it: each case
/// ends, within a time bound, as a loaded config or a <see cref="ConfigException"/> with a line and
/// column. The mutations start from valid files (the shipped scenarios.yaml and the tests' own) and
/// delete, insert and duplicate characters and lines, or splice in deep bracket nesting and aliases.
/// </summary>
public sealed class ConfigLoaderPropertyTests
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(2);

    private const string WithEmulator = """
        target: { kind: emulator, region: us-east-1, retry: { mode: adaptive, maxAttempts: 3, fastFail: true }, timeout: 10s, saturation: { lag: 10ms, cpu: 95% } }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000, ttft: 300ms, price: { inputPerMillion: 1, outputPerMillion: 5 } }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1, us-west-2]
          regionCapacity: { default: 200, us-east-1: 500 }
          latencyScale: 0
          faults:
            - { error: ThrottlingException, rate: 0.1 }
            - { stall: 2s, rate: 0.01 }
          outages:
            - { region: us-west-2, from: 10s, to: 20s }
        workloads:
          - &chat
            name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: converse
            inputTokens: { fixed: 200 }
            outputTokens: { mean: 20, p95: 40 }
            maxTokens: 64
        scenarios:
          - name: quick
            mix: { chat: 1 }
            load:
              - ramp: { fromRpm: 10, toRpm: 600, during: 3s }
              - pause: 1s
              - concurrency: { users: 4, during: 2s }
            gates: ["error_rate < 1%", { expr: "throttle_rate < 5%", abortOnFail: true, delayAbortEval: 2s }]
        default: quick
        """;

    // The workload keys of thinking, tools, sessions and embeddings, each checked against the others and the model.
    private const string WithAgentAndEmbeddings = """
        target: { kind: emulator, region: us-east-1 }
        models:
          - { id: global.anthropic.claude-sonnet-4-6, thinking: [budget, adaptive] }
          - { id: my-embedder, family: cohere-embed, maxTextsPerRequest: 64 }
        workloads:
          - name: agent
            model: global.anthropic.claude-sonnet-4-6
            api: converse-stream
            inputTokens: { mean: 400, p95: 1200 }
            outputTokens: { mean: 250, p95: 700 }
            maxTokens: 8000
            cachedPrefixTokens: 3000
            thinking: { budgetTokens: 4000, used: { mean: 2000, p95: 3600 } }
            tools: { count: 6, callRate: 0.4, definitionTokens: 150, resultTokens: { fixed: 300 } }
            turns: { mean: 6, p95: 15 }
            thinkTime: 5s
            cachePoints: true
          - name: adaptive
            model: global.anthropic.claude-sonnet-4-6
            inputTokens: 500
            outputTokens: 200
            maxTokens: unset
            thinking: { type: adaptive, used: 3000 }
          - name: index
            model: my-embedder
            api: embed
            inputTokens: { mean: 300, p95: 900 }
            texts: { mean: 20, p95: 64 }
        scenarios:
          - name: mixed
            load:
              - poisson: { rpm: 120, during: 5s }
        """;

    private static readonly string[] Seeds = [File.ReadAllText(RepoFile("scenarios.yaml")), ScenarioConfigLoaderTests.Minimal, WithEmulator, WithAgentAndEmbeddings];

    // Characters that change YAML's structure, and a few that only change values.
    private const string Structural = "{}[]:,-&*!|>'\"#?%@`\t\n \\x0_.";

    private static readonly string[] Splices =
    [
        "\n---\n", ": ", "- ", "&a ", "*a", "*b", "<<: *a", "? ", "!!map ", "\"\\u", "'", "{", "[", "}", "]", "\t", "~", "null", "1e400",
        "-1", "99999999999999999999", "5", "5m", "NaN", "true", "\u00e9", "\uFFFD", "\0",
    ];

    private static string RepoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoadTest.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new FileNotFoundException(name);
    }

    /// <summary>One mutation: (kind, position, length, a character, a splice, a depth).</summary>
    private static readonly Gen<(int Kind, int At, int Length, char Char, int Splice, int Depth)> Mutation =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, int.MaxValue], Gen.Int[1, 40], Gen.Char[Structural], Gen.Int[0, Splices.Length - 1], Gen.Int[1, 300]);

    private static string Mutate(string text, (int Kind, int At, int Length, char Char, int Splice, int Depth) m)
    {
        var at = m.At % (text.Length + 1);
        var lines = text.Split('\n').ToList();
        var line = m.At % lines.Count;
        switch (m.Kind)
        {
            case 0:
                return text.Remove(at, Math.Min(m.Length, text.Length - at));
            case 1:
                return text.Insert(at, m.Char.ToString());
            case 2:
                return text.Insert(at, Splices[m.Splice]);
            case 3:
                lines.Insert(line, lines[line]);
                return string.Join('\n', lines);
            case 4:
                lines.RemoveAt(line);
                return string.Join('\n', lines);
            case 5:
                var other = (m.At / 7) % lines.Count;
                (lines[line], lines[other]) = (lines[other], lines[line]);
                return string.Join('\n', lines);
            case 6:
                // Bracket nesting, closed or not, in place of a value.
                var open = string.Concat(Enumerable.Range(0, m.Depth).Select(i => ((m.At >> (i % 30)) & 1) == 0 ? "[" : "{a: "));
                var close = m.Length % 2 == 0 ? "" : string.Concat(open.Reverse().Where(c => c is '[' or '{').Select(c => c == '[' ? "]" : "}"));
                return text.Insert(at, open + close);
            default:
                return text.Insert(at, m.Char + text.Substring(at, Math.Min(m.Length, text.Length - at)));
        }
    }

    /// <summary>Loads the text on another thread within <see cref="CaseTimeout"/>; true when it loaded.</summary>
    private static bool Loads(string yaml)
    {
        var outcome = Task.Run(() =>
        {
            try
            {
                ScenarioConfigLoader.Parse(yaml, "fuzz.yaml");
                return (Loaded: true, Error: (ConfigException?)null);
            }
            catch (ConfigException e)
            {
                return (Loaded: false, Error: e);
            }
        }).WaitAsync(CaseTimeout).GetAwaiter().GetResult();

        if (outcome.Error is { } error)
        {
            Assert.Equal("fuzz.yaml", error.File);
            Assert.True(error.Line >= 1 && error.Column >= 1, $"no position: {error.Message}");
            Assert.False(string.IsNullOrWhiteSpace(error.Detail), error.Message);
        }

        return outcome.Loaded;
    }

    [Fact]
    public void Every_seed_loads_unmutated()
    {
        // The mutations start from valid files: a seed the loader refused would test only its first error.
        Assert.All(Seeds, seed => Assert.NotEmpty(ScenarioConfigLoader.Parse(seed, "seed.yaml").Workloads));
    }

    [Fact]
    public void Mutated_valid_files_load_or_are_refused_with_a_position()
    {
        var loaded = 0;
        var refused = 0;
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Mutation.Array[1, 4]).Sample(t =>
        {
            var (seed, mutations) = t;
            var yaml = mutations.Aggregate(Seeds[seed], Mutate);
            if (Loads(yaml))
            {
                Interlocked.Increment(ref loaded);
            }
            else
            {
                Interlocked.Increment(ref refused);
            }
        }, iter: 3000);

        // Both outcomes are reached: the property is not vacuously true.
        Assert.True(loaded > 100, $"{loaded} loaded");
        Assert.True(refused > 500, $"{refused} refused");
    }

    [Fact]
    public void Random_yaml_soup_loads_or_is_refused_with_a_position()
    {
        var pieces = Splices.Concat(["workloads:", "scenarios:", "target:", "models:", "emulator:", "\n  ", "\n- ", "name: x", "load:", "rpm: 600", "during: 3s", "constant:"]).ToArray();
        var soup = Gen.Int[0, pieces.Length - 1].Array[0, 60].Select(ix => string.Concat(ix.Select(i => pieces[i])));
        var noise = Gen.String[Gen.Char[Structural + "abcz019"], 0, 200];
        var brackets = Gen.Select(Gen.Int[1, 1000], Gen.Bool, Gen.Bool).Select(t => "scenarios: " + new string(t.Item2 ? '[' : '{', t.Item1) + (t.Item3 ? new string(t.Item2 ? ']' : '}', t.Item1) : ""));
        // Valid files of random shape and values, so both outcomes are reached.
        var phase = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 100_000], Gen.Int[1, 3600], Gen.Int[0, 2].Select(i => new[] { "ms", "s", "m" }[i])).Select(t => t.Item1 switch
        {
            0 => $"{{ constant: {{ rpm: {t.Item2}, during: {t.Item3}{t.Item4} }} }}",
            1 => $"{{ ramp: {{ fromRpm: {t.Item2}, toRpm: {t.Item3}, during: {t.Item3}{t.Item4} }} }}",
            2 => $"{{ concurrency: {{ users: {1 + (t.Item2 % 1000)}, during: {t.Item3}{t.Item4} }} }}",
            _ => $"{{ pause: {t.Item3}{t.Item4} }}",
        });
        var valid = Gen.Select(phase.Array[1, 6], Gen.Int[1, 60_000], Gen.Int[0, 3].Select(i => new[] { "converse", "converse-stream", "invoke", "invoke-stream" }[i])).Select(t =>
            $"workloads: [{{ name: w, model: global.anthropic.claude-haiku-4-5-20251001-v1:0, api: {t.Item3}, inputTokens: 100, outputTokens: 10, maxTokens: {t.Item2} }}]\n"
            + $"scenarios: [{{ name: s, load: [{string.Join(", ", t.Item1)}] }}]\n");
        var refused = 0;
        var loaded = 0;
        Gen.OneOf(soup, noise, brackets, valid).Sample(yaml =>
        {
            if (Loads(yaml))
            {
                Interlocked.Increment(ref loaded);
            }
            else
            {
                Interlocked.Increment(ref refused);
            }
        }, iter: 1000);

        // Both outcomes are reached: the property is not vacuously true.
        Assert.True(refused > 500, $"{refused} refused");
        Assert.True(loaded > 50, $"{loaded} loaded");
    }
}
