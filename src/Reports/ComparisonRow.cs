namespace LoadTest.Reports;

/// <summary>One line of `loadtest compare`: a metric in run A and run B.</summary>
public sealed record ComparisonRow(string Metric, double? A, double? B, ComparisonUnit Unit, bool LowerIsBetter)
{
    public double? Delta => A is { } a && B is { } b ? b - a : null;

    /// <summary>B relative to A (0.1 = 10 % more); null when A is zero or missing.</summary>
    public double? Relative => A is { } a && B is { } b && a != 0 ? (b - a) / Math.Abs(a) : null;

    /// <summary>
    /// Whether B is worse than A by more than 5 % (relative) on this metric; from zero, any rise of
    /// a lower-is-better metric (0 dropped, then 12) and any fall of a higher-is-better one.
    /// </summary>
    public bool Worse => Relative is { } r
        ? (LowerIsBetter ? r > 0.05 : r < -0.05)
        : A == 0 && B is { } b && (LowerIsBetter ? b > 0 : b < 0);
}
