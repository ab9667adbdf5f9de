using LoadTest.Scenarios.Measurement;

namespace LoadTest.Scenarios.Progress;

/// <summary>Shows nothing.</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static NullProgressSink Instance { get; } = new();

    public void Report(ProgressSnapshot snapshot)
    {
    }

    public void Complete()
    {
    }
}
