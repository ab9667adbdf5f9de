namespace LoadTest.Scenarios.Tests;

/// <summary>Tests that measure wall-clock timing run one at a time, not beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
