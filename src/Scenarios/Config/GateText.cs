namespace LoadTest.Scenarios.Config;

/// <summary>
/// A gate expression as written (e.g. <c>p95(ttft) &lt; 2s</c>), with where it was written so the
/// gate parser can point at it. Null file/line for gates given on the command line.
/// </summary>
public sealed record GateText(string Expression, string? File, long Line, long Column);
