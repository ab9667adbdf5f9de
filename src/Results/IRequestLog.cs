namespace LoadTest.Results;

/// <summary>Where per-request rows go as requests complete (<see cref="RequestsCsv"/>). Must not block the caller for long.</summary>
public interface IRequestLog
{
    void Write(RequestRecord record);
}
