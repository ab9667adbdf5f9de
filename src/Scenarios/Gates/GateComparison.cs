namespace LoadTest.Scenarios.Gates;

public enum GateComparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}
