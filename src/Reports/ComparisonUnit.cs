namespace LoadTest.Reports;

public enum ComparisonUnit
{
    Milliseconds,
    Fraction,
    Count,
    Rate,
    Usd,
}
