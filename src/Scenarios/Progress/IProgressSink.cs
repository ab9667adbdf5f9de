using LoadTest.Scenarios.Measurement;

namespace LoadTest.Scenarios.Progress;

/// <summary>Receives the live view about once a second while a run goes; tests capture it, the CLI prints it.</summary>
public interface IProgressSink
{
    void Report(ProgressSnapshot snapshot);

    /// <summary>The run has ended (the final snapshot was reported); release the console.</summary>
    void Complete();
}
