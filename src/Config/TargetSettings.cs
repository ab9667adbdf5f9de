namespace LoadTest.Config;

/// <summary>
/// Where requests go and how the shared client behaves: scenarios.yaml's <c>target:</c>, possibly
/// overridden per scenario and then by command-line options.
/// </summary>
public sealed record TargetSettings
{
    public TargetKind Kind { get; init; } = TargetKind.Emulator;

    /// <summary>Source Region (also the signing Region).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>An emulator or proxy already running; null = the in-process emulator (kind emulator) or AWS (kind bedrock).</summary>
    public Uri? Endpoint { get; init; }

    public RetrySettings Retry { get; init; } = RetrySettings.Default;

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Requests allowed in flight at once; an open-model start beyond it is dropped.</summary>
    public int MaxInFlight { get; init; } = 2000;

    /// <summary>When the harness reports its own delay as saturation (it only warns; it changes no figure).</summary>
    public SaturationSettings Saturation { get; init; } = SaturationSettings.Default;
}
