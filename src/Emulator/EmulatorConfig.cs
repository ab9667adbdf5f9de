using LoadTest.Config;
using LoadTest.Core;

namespace LoadTest.Emulator;

/// <summary>
/// The emulator's options from a loaded scenarios.yaml: its models (the catalog merged with
/// <c>models:</c>) and its validated <c>emulator:</c> section, over <see cref="EmulatorOptions"/>'s
/// defaults. The file itself is read and checked by <see cref="ScenarioConfigLoader"/>.
/// </summary>
public static class EmulatorConfig
{
    /// <summary>Loads and validates a scenarios.yaml file (a missing file is a ConfigException) and maps it.</summary>
    public static EmulatorOptions FromFile(string path) => FromConfig(ScenarioConfigLoader.LoadFile(path));

    /// <summary>
    /// Starts the in-process emulator a run against the built-in target needs, configured from the
    /// scenarios file (without HTTP/2 when <paramref name="http2"/> is false). A bad emulator
    /// section is bad input: a <see cref="ConfigException"/> naming <paramref name="source"/>, for
    /// `loadtest run` and the library alike.
    /// </summary>
    public static async Task<EmulatorServer> StartAsync(ScenarioConfig config, string source, bool http2, CancellationToken cancellationToken)
    {
        try
        {
            var options = FromConfig(config);
            return await EmulatorServer.StartAsync(http2 ? options : options with { Http2Port = null }, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{source}: emulator: {e.Message}", e);
        }
    }

    public static EmulatorOptions FromConfig(ScenarioConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var d = new EmulatorOptions();
        var e = config.Emulator;
        return d with
        {
            Models = config.Models,
            SourceRegion = e.SourceRegion ?? d.SourceRegion,
            Regions = e.Regions ?? d.Regions,
            RegionCapacity = e.RegionCapacity ?? d.RegionCapacity,
            RegionCapacityOverrides = e.RegionCapacityOverrides,
            Faults = e.Faults,
            Outages = e.Outages,
            LatencyScale = e.LatencyScale ?? d.LatencyScale,
            Jitter = e.Jitter ?? d.Jitter,
            EnforceQuotas = e.EnforceQuotas ?? d.EnforceQuotas,
            Reservation = e.Reservation ?? d.Reservation,
            TokensPerStreamDelta = e.StreamChunkTokens ?? d.TokensPerStreamDelta,
            ApplicationProfileLimit = e.ApplicationProfileLimit ?? d.ApplicationProfileLimit,
            CacheTtl = e.CacheTtl ?? d.CacheTtl,
            LogDirectory = e.LogDirectory ?? d.LogDirectory,
            TimingLog = e.TimingLog ?? d.TimingLog,
            Seed = e.Seed ?? d.Seed,
            SigningKeys = e.SigningKeys,
            Iam = e.Iam,
        };
    }
}
