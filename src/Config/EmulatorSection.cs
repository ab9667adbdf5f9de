using LoadTest.Core;
using LoadTest.Core.Errors;
using LoadTest.Core.Quotas;

namespace LoadTest.Config;

/// <summary>
/// scenarios.yaml's <c>emulator:</c> section, validated. A null value means the key was not given
/// and the emulator's own default applies (see EmulatorOptions). Read with the rest of the file,
/// so a mistake here fails every command that loads the file, whatever the target.
/// </summary>
public sealed record EmulatorSection
{
    private static readonly string[] Keys =
    [
        "sourceRegion", "regions", "regionCapacity", "faults", "outages", "latencyScale", "jitter", "enforceQuotas",
        "reservation", "defaultMaxTokens", "streamChunkTokens", "cacheTtl", "logDir", "timingLog", "seed",
        "verifySignature", "iam", "applicationProfileLimit",
    ];

    private static readonly string[] FaultKinds = ["error", "midStream", "stall", "reset", "slowFirstByte", "truncateFrame", "corruptCrc"];

    /// <summary>No <c>emulator:</c> section: every default.</summary>
    public static EmulatorSection Empty { get; } = new();

    public string? SourceRegion { get; init; }

    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>Concurrent requests per destination Region and base model (<c>regionCapacity: 200</c> or its <c>default:</c>).</summary>
    public int? RegionCapacity { get; init; }

    /// <summary>Per-Region capacities (<c>regionCapacity: { us-east-1: 500 }</c>).</summary>
    public IReadOnlyDictionary<string, int> RegionCapacityOverrides { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    public IReadOnlyList<OutageWindow> Outages { get; init; } = [];

    public double? LatencyScale { get; init; }

    public double? Jitter { get; init; }

    public bool? EnforceQuotas { get; init; }

    /// <summary>
    /// <c>reservation: { rule: aws|legacy, maxTokens, burndownOnMaxTokens, release: progressive|atCompletion,
    /// defaultMaxTokens: model-max|N }</c>, with the older top-level <c>defaultMaxTokens</c> folded in.
    /// </summary>
    public ReservationPolicy? Reservation { get; init; }

    /// <summary>Output tokens per stream delta (<c>streamChunkTokens</c>).</summary>
    public int? StreamChunkTokens { get; init; }

    /// <summary>Application inference profiles the account may hold (<c>applicationProfileLimit</c>; Bedrock's default quota is 1,000): creating one more is ServiceQuotaExceededException.</summary>
    public int? ApplicationProfileLimit { get; init; }

    public TimeSpan? CacheTtl { get; init; }

    public string? LogDirectory { get; init; }

    public string? TimingLog { get; init; }

    public int? Seed { get; init; }

    /// <summary>
    /// Keys whose Signature Version 4 the emulator verifies (<c>verifySignature: { accessKeyId, secretAccessKey }</c>
    /// or a list of them); empty = signatures are not checked.
    /// </summary>
    public IReadOnlyList<SigningKey> SigningKeys { get; init; } = [];

    /// <summary>The IAM policies and SCPs the emulator enforces (<c>iam:</c>); null = every call is allowed.</summary>
    public IamSettings? Iam { get; init; }

    /// <summary>Reads the section (null = absent); unknown keys and bad values fail with their position.</summary>
    internal static EmulatorSection Read(YamlNodeReader? section)
    {
        if (section is null)
        {
            return Empty;
        }

        section.AllowOnly(Keys);
        var result = new EmulatorSection
        {
            SourceRegion = section.Optional("sourceRegion")?.AsString(),
            Regions = section.Optional("regions") is { } regions ? ReadRegions(regions) : null,
            LatencyScale = section.Optional("latencyScale")?.AsDouble(0, 1000),
            Jitter = section.Optional("jitter")?.AsDouble(0, 1),
            EnforceQuotas = section.Optional("enforceQuotas")?.AsBool(),
            StreamChunkTokens = (int?)section.Optional("streamChunkTokens")?.AsLong(1, 10_000),
            ApplicationProfileLimit = (int?)section.Optional("applicationProfileLimit")?.AsLong(0, 100_000),
            CacheTtl = section.Optional("cacheTtl")?.AsDuration(),
            LogDirectory = section.Optional("logDir")?.AsString(),
            TimingLog = section.Optional("timingLog")?.AsString(),
            Seed = (int?)section.Optional("seed")?.AsLong(int.MinValue, int.MaxValue),
        };

        if (result.CacheTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw section.Required("cacheTtl").Error("'emulator.cacheTtl' must be longer than zero");
        }

        if (section.Optional("regionCapacity") is { } capacity)
        {
            result = ReadCapacity(capacity, result);
        }

        result = result with { Reservation = ReadReservation(section) };

        if (section.Optional("faults") is { } faults)
        {
            result = result with { Faults = faults.Items().Select(ReadFault).ToList() };
        }

        if (section.Optional("outages") is { } outages)
        {
            result = result with { Outages = outages.Items().Select(ReadOutage).ToList() };
        }

        if (section.Optional("verifySignature") is { } verify)
        {
            result = result with { SigningKeys = ReadSigningKeys(verify) };
        }

        if (section.Optional("iam") is { } iam)
        {
            result = result with { Iam = IamSettings.Read(iam) };
        }

        return result;
    }

    /// <summary>
    /// The reservation rule: <c>rule</c> picks a whole rule (default <c>aws</c>) and each other key
    /// overrides one part of it. The top-level <c>defaultMaxTokens</c> of older files still works.
    /// </summary>
    private static ReservationPolicy? ReadReservation(YamlNodeReader section)
    {
        var reservation = section.Optional("reservation");
        var topDefault = section.Optional("defaultMaxTokens");
        if (reservation is null && topDefault is null)
        {
            return null;
        }

        var policy = ReservationPolicy.Default;
        if (reservation is not null)
        {
            reservation.AllowOnly("rule", "maxTokens", "burndownOnMaxTokens", "release", "defaultMaxTokens");
            if (reservation.Optional("rule") is { } rule)
            {
                policy = ReservationPolicy.ParseRule(rule.AsString())
                         ?? throw rule.Error($"'emulator.reservation.rule' should be {ReservationPolicy.RuleExpected}, got '{rule.AsString()}'");
            }

            policy = policy with
            {
                ReserveMaxTokens = reservation.Optional("maxTokens")?.AsBool() ?? policy.ReserveMaxTokens,
                BurndownOnMaxTokens = reservation.Optional("burndownOnMaxTokens")?.AsBool() ?? policy.BurndownOnMaxTokens,
            };
            if (reservation.Optional("release") is { } release)
            {
                policy = policy with
                {
                    Release = ReservationPolicy.ParseRelease(release.AsString())
                              ?? throw release.Error($"'emulator.reservation.release' should be {ReservationPolicy.ReleaseExpected}, got '{release.AsString()}'"),
                };
            }
        }

        var defaultNode = reservation?.Optional("defaultMaxTokens");
        if (defaultNode is not null && topDefault is not null)
        {
            throw topDefault.Error("'emulator.defaultMaxTokens' and 'emulator.reservation.defaultMaxTokens' say the same thing: give one");
        }

        if ((defaultNode ?? topDefault) is { } node)
        {
            if (!ReservationPolicy.TryParseDefaultMaxTokens(node.AsString(), out var maxTokens))
            {
                throw node.Error($"'defaultMaxTokens' should be {ReservationPolicy.DefaultMaxTokensExpected}, got '{node.AsString()}'");
            }

            policy = policy with { DefaultMaxTokens = maxTokens };
        }

        return policy;
    }

    private static List<string> ReadRegions(YamlNodeReader node)
    {
        var list = new List<string>();
        foreach (var item in node.Items())
        {
            var region = item.AsString().Trim();
            if (region.Length == 0 || region.Contains(' ', StringComparison.Ordinal))
            {
                throw item.Error($"'{region}' is not a Region name such as us-east-1");
            }

            if (list.Contains(region, StringComparer.Ordinal))
            {
                throw item.Error($"Region '{region}' is listed twice");
            }

            list.Add(region);
        }

        if (list.Count == 0)
        {
            throw node.Error("'emulator.regions' needs at least one Region");
        }

        return list;
    }

    /// <summary><c>regionCapacity: 200</c>, or <c>{ default: 200, us-east-1: 500 }</c>.</summary>
    private static EmulatorSection ReadCapacity(YamlNodeReader node, EmulatorSection section)
    {
        if (node.IsScalar)
        {
            return section with { RegionCapacity = (int)node.AsLong(1, 10_000_000) };
        }

        var overrides = new Dictionary<string, int>(StringComparer.Ordinal);
        int? fallback = null;
        foreach (var (key, value) in node.Entries())
        {
            if (key == "default")
            {
                fallback = (int)value.AsLong(1, 10_000_000);
            }
            else
            {
                overrides[key] = (int)value.AsLong(0, 10_000_000);
            }
        }

        return section with { RegionCapacity = fallback, RegionCapacityOverrides = overrides };
    }

    private static FaultSpec ReadFault(YamlNodeReader item)
    {
        item.AllowOnly([.. FaultKinds, "rate", "model"]);
        var kinds = FaultKinds.Where(k => item.Optional(k) is not null).ToList();
        if (kinds.Count != 1)
        {
            throw item.Error("a fault needs exactly one of: error: <AWS error name>, midStream: <exception event>, stall: <duration>, reset: true, slowFirstByte: <duration>, truncateFrame: true, corruptCrc: true");
        }

        var rate = item.Required("rate").AsDouble(0, 1);
        var model = item.Optional("model")?.AsString();
        var node = item.Required(kinds[0]);
        switch (kinds[0])
        {
            case "error":
                var type = node.AsString();
                if (!BedrockErrorTypes.TryStatus(type, out _))
                {
                    throw node.Error($"unknown error '{type}'{NearestName.Hint(type, BedrockErrorTypes.All)} (expected one of: {string.Join(", ", BedrockErrorTypes.All)})");
                }

                return new FaultSpec(FaultKind.Error, rate, type, ModelId: model);
            case "midStream":
                var raw = node.AsString();
                var eventType = raw.Length > 0 ? char.ToLowerInvariant(raw[0]) + raw[1..] : raw;
                if (!BedrockErrorTypes.StreamExceptionTypes.Contains(eventType, StringComparer.Ordinal))
                {
                    throw node.Error($"unknown stream exception '{raw}'{NearestName.Hint(eventType, BedrockErrorTypes.StreamExceptionTypes)} (expected one of: {string.Join(", ", BedrockErrorTypes.StreamExceptionTypes)})");
                }

                return new FaultSpec(FaultKind.MidStream, rate, eventType, ModelId: model);
            case "stall":
                return new FaultSpec(FaultKind.Stall, rate, Duration: node.AsDuration(), ModelId: model);
            case "slowFirstByte":
                return new FaultSpec(FaultKind.SlowFirstByte, rate, Duration: node.AsDuration(), ModelId: model);
            default:
                if (!node.AsBool())
                {
                    throw node.Error($"'{kinds[0]}' takes true ({(kinds[0] == "reset" ? "drop the connection" : "break one stream frame")}); remove the fault to turn it off");
                }

                var kind = kinds[0] switch { "truncateFrame" => FaultKind.TruncateFrame, "corruptCrc" => FaultKind.CorruptCrc, _ => FaultKind.Reset };
                return new FaultSpec(kind, rate, ModelId: model);
        }
    }

    /// <summary><c>{ accessKeyId, secretAccessKey }</c>, or a list of them; an access key ID listed twice is refused.</summary>
    private static List<SigningKey> ReadSigningKeys(YamlNodeReader node)
    {
        var items = node.Node is YamlDotNet.RepresentationModel.YamlSequenceNode ? node.Items() : [node];
        var keys = new List<SigningKey>();
        foreach (var item in items)
        {
            item.AllowOnly("accessKeyId", "secretAccessKey");
            var idNode = item.Required("accessKeyId");
            var id = idNode.AsString().Trim();
            var secret = item.Required("secretAccessKey").AsString();
            if (id.Length == 0 || secret.Length == 0)
            {
                throw item.Error("'emulator.verifySignature' needs a non-empty accessKeyId and secretAccessKey");
            }

            if (keys.Exists(k => k.AccessKeyId == id))
            {
                throw idNode.Error($"access key ID '{id}' is listed twice under 'emulator.verifySignature'");
            }

            keys.Add(new SigningKey(id, secret));
        }

        if (keys.Count == 0)
        {
            throw node.Error("'emulator.verifySignature' needs at least one { accessKeyId, secretAccessKey }; remove the key to turn verification off");
        }

        return keys;
    }

    private static OutageWindow ReadOutage(YamlNodeReader item)
    {
        item.AllowOnly("region", "from", "to");
        var region = item.Required("region").AsString();
        var from = item.Required("from").AsDuration();
        var toNode = item.Required("to");
        var to = toNode.AsDuration();
        if (to <= from)
        {
            throw toNode.Error($"an outage must end after it starts ('to' {DurationText.Format(to)} is not after 'from' {DurationText.Format(from)})");
        }

        return new OutageWindow(region, from, to);
    }
}
