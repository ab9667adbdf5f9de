namespace LoadTest.Planner;

/// <summary>One load phase of a run, from summary.json's phases: its index, what it was, and its window in seconds.</summary>
public sealed record RunPhase(int Index, string Description, double StartSeconds, double EndSeconds);
