namespace LoadTest;

/// <summary>What one iteration (or one step) of a C# scenario ended with: its status and, for a failure, a short error code.</summary>
public sealed class StepResult
{
    private StepResult(bool isOk, string? error, int? statusCode)
    {
        IsOk = isOk;
        Error = error;
        StatusCode = statusCode;
    }

    /// <summary>Whether it succeeded.</summary>
    public bool IsOk { get; }

    /// <summary>A short error code for a failure (counted by code in the summary, like AWS error types); never message text.</summary>
    public string? Error { get; }

    /// <summary>The status code the application saw (HTTP status or your own), if any.</summary>
    public int? StatusCode { get; }

    /// <summary>A success.</summary>
    public static StepResult Ok(int? statusCode = null) => new(true, null, statusCode);

    /// <summary>A failure with a short error code (e.g. <c>NoDocuments</c>).</summary>
    public static StepResult Fail(string error, int? statusCode = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(false, error, statusCode);
    }
}
