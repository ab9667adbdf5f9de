using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>One side of a comparison: what to call it and its result.</summary>
public sealed record ComparedRun(string Name, RunSummary Summary);
