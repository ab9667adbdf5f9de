namespace LoadTest.Config;

/// <summary>
/// One gate as scenarios.yaml writes it: the expression, unparsed (the gate grammar belongs to the
/// engine's gates), where its first character sits in the file, and the abort settings of the
/// mapping form <c>{expr: "...", abortOnFail: true, delayAbortEval: 30s}</c>.
/// </summary>
public sealed record GateText(string Expression, string? File, long Line, long Column)
{
    public bool AbortOnFail { get; init; }

    public TimeSpan AbortDelay { get; init; }
}
