using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Faults;

namespace LoadTest.Emulator;

/// <summary>
/// Reads the emulator's settings from scenarios.yaml: <c>models:</c> (through
/// <see cref="ModelsSection"/>) and the <c>emulator:</c> section. Unknown keys and bad values fail
/// with a <see cref="ConfigException"/> naming the file, line and column.
/// </summary>
public static class EmulatorConfig
{
    private static readonly string[] Keys =
    [
        "sourceRegion", "regions", "regionCapacity", "faults", "outages", "latencyScale", "jitter", "enforceQuotas",
        "reservation", "defaultMaxTokens", "streamChunkTokens", "cacheTtl", "logDir", "timingLog", "seed",
    ];

    private static readonly string[] FaultKinds = ["error", "midStream", "stall", "reset", "slowFirstByte"];

    /// <summary>Reads a scenarios.yaml file (a missing file is a ConfigException).</summary>
    public static EmulatorOptions FromFile(string path) => FromYaml(YamlNodeReader.LoadFile(path));

    /// <summary>Options from a parsed document; absent keys keep <see cref="EmulatorOptions"/>'s defaults.</summary>
    public static EmulatorOptions FromYaml(YamlNodeReader root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var options = new EmulatorOptions { Models = ModelsSection.Read(root) };
        var section = root.IsMapping ? root.Optional("emulator") : null;
        if (section is null)
        {
            return options;
        }

        section.AllowOnly(Keys);
        var source = section.Optional("sourceRegion")?.AsString() ?? options.SourceRegion;
        var regions = section.Optional("regions") is { } regionsNode ? ReadRegions(regionsNode) : options.Regions;
        options = options with
        {
            SourceRegion = source,
            Regions = regions,
            LatencyScale = section.Optional("latencyScale")?.AsDouble(0, 1000) ?? options.LatencyScale,
            Jitter = section.Optional("jitter")?.AsDouble(0, 1) ?? options.Jitter,
            EnforceQuotas = section.Optional("enforceQuotas")?.AsBool() ?? options.EnforceQuotas,
            DefaultMaxTokens = (int)(section.Optional("defaultMaxTokens")?.AsLong(1, 1_000_000) ?? options.DefaultMaxTokens),
            TokensPerStreamDelta = (int)(section.Optional("streamChunkTokens")?.AsLong(1, 10_000) ?? options.TokensPerStreamDelta),
            CacheTtl = section.Optional("cacheTtl")?.AsDuration() ?? options.CacheTtl,
            LogDirectory = section.Optional("logDir")?.AsString() ?? options.LogDirectory,
            TimingLog = section.Optional("timingLog")?.AsString() ?? options.TimingLog,
            Seed = (int)(section.Optional("seed")?.AsLong(int.MinValue, int.MaxValue) ?? options.Seed),
        };

        if (options.CacheTtl <= TimeSpan.Zero)
        {
            throw section.Required("cacheTtl").Error("'emulator.cacheTtl' must be longer than zero");
        }

        if (section.Optional("regionCapacity") is { } capacity)
        {
            options = ReadCapacity(capacity, options);
        }

        if (section.Optional("reservation") is { } reservation)
        {
            reservation.AllowOnly("maxTokens", "burndownOnMaxTokens");
            options = options with
            {
                Reservation = new ReservationPolicy(
                    reservation.Optional("maxTokens")?.AsBool() ?? ReservationPolicy.Default.ReserveMaxTokens,
                    reservation.Optional("burndownOnMaxTokens")?.AsBool() ?? ReservationPolicy.Default.BurndownOnMaxTokens),
            };
        }

        if (section.Optional("faults") is { } faults)
        {
            options = options with { Faults = faults.Items().Select(ReadFault).ToList() };
        }

        if (section.Optional("outages") is { } outages)
        {
            options = options with { Outages = outages.Items().Select(ReadOutage).ToList() };
        }

        return options;
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
    private static EmulatorOptions ReadCapacity(YamlNodeReader node, EmulatorOptions options)
    {
        if (node.IsScalar)
        {
            return options with { RegionCapacity = (int)node.AsLong(1, 10_000_000) };
        }

        var overrides = new Dictionary<string, int>(StringComparer.Ordinal);
        var fallback = options.RegionCapacity;
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

        return options with { RegionCapacity = fallback, RegionCapacityOverrides = overrides };
    }

    private static FaultSpec ReadFault(YamlNodeReader item)
    {
        item.AllowOnly([.. FaultKinds, "rate", "model"]);
        var kinds = FaultKinds.Where(k => item.Optional(k) is not null).ToList();
        if (kinds.Count != 1)
        {
            throw item.Error("a fault needs exactly one of: error: <AWS error name>, midStream: <exception event>, stall: <duration>, reset: true, slowFirstByte: <duration>");
        }

        var rate = item.Required("rate").AsDouble(0, 1);
        var model = item.Optional("model")?.AsString();
        var node = item.Required(kinds[0]);
        switch (kinds[0])
        {
            case "error":
                var type = node.AsString();
                if (!BedrockErrors.TryStatus(type, out _))
                {
                    throw node.Error($"unknown error '{type}'; expected one of: {string.Join(", ", BedrockErrors.Types)}");
                }

                return new FaultSpec(FaultKind.Error, rate, type, ModelId: model);
            case "midStream":
                var raw = node.AsString();
                var eventType = raw.Length > 0 ? char.ToLowerInvariant(raw[0]) + raw[1..] : raw;
                if (!BedrockErrors.StreamExceptionTypes.Contains(eventType, StringComparer.Ordinal))
                {
                    throw node.Error($"unknown stream exception '{raw}'; expected one of: {string.Join(", ", BedrockErrors.StreamExceptionTypes)}");
                }

                return new FaultSpec(FaultKind.MidStream, rate, eventType, ModelId: model);
            case "stall":
                return new FaultSpec(FaultKind.Stall, rate, Duration: node.AsDuration(), ModelId: model);
            case "slowFirstByte":
                return new FaultSpec(FaultKind.SlowFirstByte, rate, Duration: node.AsDuration(), ModelId: model);
            default:
                if (!node.AsBool())
                {
                    throw node.Error("'reset' takes true (drop the connection); remove the fault to turn it off");
                }

                return new FaultSpec(FaultKind.Reset, rate, ModelId: model);
        }
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
