using LoadTest.Scenarios.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>Where per-request rows go as requests complete (requests.csv). Must not block the caller for long.</summary>
public interface IRequestLog
{
    void Write(RequestRecord record);
}
