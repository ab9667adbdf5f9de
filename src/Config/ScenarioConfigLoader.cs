using LoadTest.Core;
using LoadTest.Core.Retry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LoadTest.Config;

/// <summary>
/// Reads and validates scenarios.yaml, every section, into one <see cref="ScenarioConfig"/>. Every
/// mistake becomes a <see cref="ConfigException"/> naming the file, line and column and what was
/// expected (an unknown key also names the nearest valid one); cross references (a mix naming a
/// workload, a workload naming a model) are checked here so a run never starts on a broken file.
/// Nothing outside this project sees a YAML node.
/// </summary>
public static class ScenarioConfigLoader
{
    private static readonly string[] TopLevelKeys = ["target", "models", "emulator", "workloads", "scenarios", "default"];
    private static readonly string[] TargetKeys = ["kind", "region", "endpoint", "retry", "timeout", "maxInFlight", "saturation"];
    private static readonly string[] ScenarioKeys = ["name", "description", "mix", "load", "gates", "target"];
    private static readonly string[] PhaseKinds = ["ramp", "constant", "poisson", "concurrency", "pause", "step", "spike", "replay"];

    public static ScenarioConfig LoadFile(string path) => Parse(YamlNodeReader.LoadFile(path));

    public static ScenarioConfig Parse(string yaml, string? file = null) => Parse(YamlNodeReader.Load(yaml, file));

    internal static ScenarioConfig Parse(YamlNodeReader root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.IsMapping)
        {
            throw root.Error("scenarios.yaml should be a mapping with target, models, workloads and scenarios");
        }

        root.AllowOnly(TopLevelKeys);
        var target = ReadTarget(root.Optional("target"), new TargetSettings());
        var models = ModelsSection.Read(root);
        var emulator = EmulatorSection.Read(root.Optional("emulator"));

        // A file for `loadtest emulator` or `loadtest plan --config` may hold only models: and emulator:.
        var scenariosNode = root.Optional("scenarios");
        var workloadsNode = scenariosNode is null ? root.Optional("workloads") : root.Required("workloads");
        var workloads = workloadsNode is null ? [] : WorkloadsSection.Read(workloadsNode, models);
        var scenarios = scenariosNode is null ? [] : ReadScenarios(scenariosNode, workloads, target);
        if (scenariosNode is not null && scenarios.Count == 0)
        {
            throw scenariosNode.Error("'scenarios' needs at least one scenario");
        }

        var defaultName = scenarios.Count > 0 ? scenarios[0].Name : null;
        if (root.Optional("default") is { } def)
        {
            defaultName = def.AsString();
            if (scenarios.All(s => s.Name != defaultName))
            {
                throw def.Error($"default scenario '{defaultName}' is not defined; scenarios are: {string.Join(", ", scenarios.Select(s => s.Name))}");
            }
        }

        return new ScenarioConfig
        {
            File = root.File,
            Target = target,
            Models = models,
            ListedModelIds = root.Optional("models")?.Items().Select(m => m.Required("id").AsString()).ToList() ?? [],
            Emulator = emulator,
            Workloads = workloads,
            Scenarios = scenarios,
            DefaultScenario = defaultName,
        };
    }

    /// <summary>Reads a <c>target:</c> mapping over <paramref name="defaults"/> (only the keys given change).</summary>
    private static TargetSettings ReadTarget(YamlNodeReader? node, TargetSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (node is null)
        {
            return defaults;
        }

        node.AllowOnly(TargetKeys);
        var t = defaults;
        if (node.Optional("kind") is { } kind)
        {
            t = t with { Kind = ParseTargetKind(kind.AsString()) ?? throw kind.Error($"target kind should be emulator or bedrock, got '{kind.AsString()}'") };
        }

        if (node.Optional("region") is { } region)
        {
            t = t with { Region = region.AsString() };
        }

        if (node.Optional("endpoint") is { } endpoint)
        {
            t = t with { Endpoint = ParseEndpoint(endpoint.AsString()) ?? throw endpoint.Error($"endpoint should be an absolute http:// or https:// URL, got '{endpoint.AsString()}'") };
        }

        if (node.Optional("retry") is { } retry)
        {
            retry.AllowOnly("sdk", "mode", "maxAttempts", "fastFail", "rules");
            var sdk = t.Retry.Sdk;
            if (retry.Optional("sdk") is { } sdkNode)
            {
                if (!SdkFamilyText.TryParse(sdkNode.AsString(), out sdk))
                {
                    throw sdkNode.Error($"retry sdk should be {SdkFamilyText.Expected}, got '{sdkNode.AsString()}'");
                }
            }

            var rules = t.Retry.Rules;
            if (retry.Optional("rules") is { } rulesNode)
            {
                if (!RetryBehaviourText.TryParse(rulesNode.AsString(), out rules))
                {
                    throw rulesNode.Error($"retry rules should be {RetryBehaviourText.Expected}, got '{rulesNode.AsString()}'");
                }

                if (sdk == SdkFamily.Dotnet)
                {
                    throw rulesNode.Error("retry rules apply to the botocore, js-v3 and java-v2 profiles; the dotnet profile is AWSSDK.Core itself, which since 4.1.0 always runs its 2026 rules");
                }
            }

            var mode = t.Retry.Mode;
            if (retry.Optional("mode") is { } m)
            {
                if (!RetryModeText.TryParse(m.AsString(), out mode))
                {
                    throw m.Error($"retry mode should be {RetryModeText.Expected}, got '{m.AsString()}'");
                }
            }

            var attempts = (int)(retry.Optional("maxAttempts")?.AsLong(1, 20) ?? t.Retry.MaxAttempts);
            var fastFail = t.Retry.FastFail;
            if (retry.Optional("fastFail") is { } ff)
            {
                fastFail = ff.AsBool();
                if (fastFail && mode != RetryMode.Adaptive)
                {
                    throw ff.Error($"fastFail applies to retry mode adaptive only (it is the adaptive rate limiter's setting); mode is {mode.ToString().ToLowerInvariant()}");
                }
            }

            var settings = new RetrySettings(mode, attempts, fastFail, sdk, rules);
            try
            {
                settings.Validate();
            }
            catch (ConfigException e)
            {
                throw (retry.Optional("fastFail") ?? retry.Optional("sdk") ?? retry).Error(e.Message);
            }

            t = t with { Retry = settings };
        }

        if (node.Optional("timeout") is { } timeout)
        {
            var value = timeout.AsDuration();
            if (value <= TimeSpan.Zero)
            {
                throw timeout.Error("timeout should be more than zero");
            }

            t = t with { Timeout = value };
        }

        if (node.Optional("maxInFlight") is { } maxInFlight)
        {
            t = t with { MaxInFlight = (int)maxInFlight.AsLong(1, 100_000) };
        }

        if (node.Optional("saturation") is { } saturation)
        {
            t = t with { Saturation = ReadSaturation(saturation, t.Saturation) };
        }

        return t;
    }

    private static SaturationSettings ReadSaturation(YamlNodeReader node, SaturationSettings defaults)
    {
        node.AllowOnly("lag", "cpu");
        var s = defaults;
        if (node.Optional("lag") is { } lag)
        {
            var value = lag.AsDuration();

            // Below a millisecond every GC pause and context switch would count; above 10 s nothing would.
            if (value < TimeSpan.FromMilliseconds(1) || value > TimeSpan.FromSeconds(10))
            {
                throw lag.Error($"saturation lag should be between 1ms and 10s, got '{lag.AsString()}'");
            }

            s = s with { Lag = value };
        }

        if (node.Optional("cpu") is { } cpu)
        {
            s = s with { Cpu = cpu.AsDouble(0.01, 1) };
        }

        return s;
    }

    public static TargetKind? ParseTargetKind(string text) => text switch
    {
        "emulator" => TargetKind.Emulator,
        "bedrock" => TargetKind.Bedrock,
        _ => null,
    };

    public static Uri? ParseEndpoint(string text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    private static List<ScenarioSection> ReadScenarios(YamlNodeReader node, List<WorkloadSpec> workloads, TargetSettings target)
    {
        var list = new List<ScenarioSection>();
        foreach (var item in node.Items())
        {
            item.AllowOnly(ScenarioKeys);
            var nameNode = item.Required("name");
            var name = nameNode.AsString();
            if (list.Any(s => s.Name == name))
            {
                throw nameNode.Error($"scenario '{name}' is defined twice");
            }

            var mix = new Dictionary<string, double>(StringComparer.Ordinal);
            if (item.Optional("mix") is { } mixNode)
            {
                foreach (var (workload, weight) in mixNode.Entries())
                {
                    if (workloads.All(w => w.Name != workload))
                    {
                        throw weight.Error($"scenario '{name}' mixes in unknown workload '{workload}'{NearestName.Hint(workload, workloads.Select(w => w.Name))} (workloads are: {string.Join(", ", workloads.Select(w => w.Name))})");
                    }

                    mix[workload] = weight.AsDouble(0, 1e9);
                }

                if (mix.Values.Sum() <= 0)
                {
                    throw mixNode.Error($"scenario '{name}' needs at least one workload with a weight above 0");
                }
            }
            else
            {
                foreach (var w in workloads)
                {
                    mix[w.Name] = 1;
                }
            }

            var loadNode = item.Required("load");
            var phases = loadNode.Items().Select(ReadPhase).ToList();
            // A replay phase's length is its trace's, known once the run reads the file.
            if (phases.Count == 0 || phases.All(p => p.Duration <= TimeSpan.Zero && p is not ReplayPhase))
            {
                throw loadNode.Error($"scenario '{name}' needs at least one phase that lasts some time");
            }

            var total = phases.Sum(p => p.Duration.TotalSeconds);
            if (total > DurationText.MaxSeconds)
            {
                throw loadNode.Error($"scenario '{name}' lasts {total / 86400:0.#} days; the limit is {DurationText.MaxSeconds / 86400:0} days");
            }

            var gates = item.Optional("gates") is { } gatesNode ? ReadGates(gatesNode) : [];
            list.Add(new ScenarioSection
            {
                Name = name,
                Description = item.Optional("description")?.AsString() ?? "",
                Mix = mix,
                Phases = phases,
                Gates = gates,
                Target = ReadTarget(item.Optional("target"), target),
            });
        }

        return list;
    }

    /// <summary>
    /// A scenario's <c>gates:</c>: one expression, or a list of expressions and
    /// <c>{expr, abortOnFail, delayAbortEval}</c> mappings. The expressions are kept as text with
    /// their position; the engine parses them with the gate grammar.
    /// </summary>
    private static List<GateText> ReadGates(YamlNodeReader node)
    {
        if (node.IsScalar)
        {
            return [ReadGateExpression(node)];
        }

        var gates = new List<GateText>();
        foreach (var item in node.Items())
        {
            if (item.IsMapping)
            {
                item.AllowOnly("expr", "abortOnFail", "delayAbortEval");
                gates.Add(ReadGateExpression(item.Required("expr")) with
                {
                    AbortOnFail = item.Optional("abortOnFail")?.AsBool() ?? false,
                    AbortDelay = item.Optional("delayAbortEval")?.AsDuration() ?? TimeSpan.Zero,
                });
            }
            else
            {
                gates.Add(ReadGateExpression(item));
            }
        }

        return gates;
    }

    private static GateText ReadGateExpression(YamlNodeReader node)
    {
        var text = node.AsString();

        // A quoted scalar's text starts one column after its opening quote.
        var quoted = node.Node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted };
        return new GateText(text, node.File, node.Line, node.Column + (quoted ? 1 : 0));
    }

    private static LoadPhase ReadPhase(YamlNodeReader item)
    {
        var keys = item.Keys();
        if (keys.Count != 1 || !PhaseKinds.Contains(keys[0], StringComparer.Ordinal))
        {
            var hint = keys.Count == 1 ? NearestName.Hint(keys[0], PhaseKinds) : "";
            throw item.Error($"each load phase is one of: {string.Join(", ", PhaseKinds)} (e.g. '- constant: {{ rpm: 600, during: 5m }}'){hint}");
        }

        var kind = keys[0];
        var body = item.Required(kind);
        if (kind == "pause")
        {
            if (body.IsScalar)
            {
                return new PausePhase(body.AsDuration());
            }

            body.AllowOnly("during");
            return new PausePhase(body.Required("during").AsDuration());
        }

        TimeSpan During() => body.Required("during").AsDuration();
        double Rpm(string key) => body.Required(key).AsDouble(0, 10_000_000);
        switch (kind)
        {
            case "ramp":
                body.AllowOnly("fromRpm", "toRpm", "during");
                return new RampPhase(Rpm("fromRpm"), Rpm("toRpm"), During());
            case "constant" or "step" or "spike":
                // step and spike read better in a festival plan; they are a constant rate all the same.
                body.AllowOnly("rpm", "during");
                return new ConstantPhase(Rpm("rpm"), During());
            case "replay":
                return ReadReplay(body);
            case "poisson":
                body.AllowOnly("rpm", "during");
                return new PoissonPhase(Rpm("rpm"), During());
            default:
                body.AllowOnly("users", "during");
                return new ConcurrencyPhase((int)body.Required("users").AsLong(1, 100_000), During());
        }
    }

    /// <summary>
    /// <c>- replay: { file: arrivals.csv, multiplier: 4, speed: 1 }</c>: the file is relative to
    /// scenarios.yaml's folder and must exist now; its rows are checked when a run reads them.
    /// </summary>
    private static ReplayPhase ReadReplay(YamlNodeReader body)
    {
        if (!body.IsMapping)
        {
            throw body.Error("replay takes a mapping: { file: arrivals.csv, multiplier: 1, speed: 1 }");
        }

        body.AllowOnly("file", "multiplier", "speed");
        var path = body.Required("file").AsExistingFile("replay file");

        var multiplier = body.Optional("multiplier")?.AsDouble(0.01, 1000) ?? 1;
        var speed = body.Optional("speed")?.AsDouble(0.001, 1000) ?? 1;
        return new ReplayPhase(path, multiplier, speed, TimeSpan.Zero) { Line = body.Line };
    }
}
