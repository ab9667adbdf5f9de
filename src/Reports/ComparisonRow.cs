namespace LoadTest.Reports;

/// <summary>
/// One line of `loadtest compare`: a metric in run A and run B. <paramref name="Judged"/> false for a
/// volume (tokens, quota tokens, sessions) that is neither better nor worse for being larger: more
/// quota tokens for the same traffic is a cost, more for more traffic is throughput.
/// </summary>
public sealed record ComparisonRow(string Metric, double? A, double? B, ComparisonUnit Unit, bool LowerIsBetter, bool Judged = true)
{
    public double? Delta => A is { } a && B is { } b ? b - a : null;

    /// <summary>B relative to A (0.1 = 10 % more); null when A is zero or missing.</summary>
    public double? Relative => A is { } a && B is { } b && a != 0 ? (b - a) / Math.Abs(a) : null;

    /// <summary>
    /// Whether B is worse than A by more than 5 % (relative) on this metric; from zero, any rise of
    /// a lower-is-better metric (0 dropped, then 12) and any fall of a higher-is-better one.
    /// </summary>
    public bool Worse => Judged && (Relative is { } r
        ? (LowerIsBetter ? r > 0.05 : r < -0.05)
        : A == 0 && B is { } b && (LowerIsBetter ? b > 0 : b < 0));

    /// <summary>Whether B is better than A by more than 5 % (relative) on this metric.</summary>
    public bool Better => Judged && !Worse && Relative is { } r && Math.Abs(r) > 0.05;
}
