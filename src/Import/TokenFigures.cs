namespace LoadTest.Import;

/// <summary>A fitted token count as written: mean and p95 (p95 never below the mean).</summary>
public sealed record TokenFigures(double Mean, double P95);
