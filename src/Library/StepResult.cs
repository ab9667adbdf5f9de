namespace LoadTest;

/// <summary>
/// What one iteration (or one step) of a C# scenario ended with: its status, for a failure a short
/// error code, and the sizes it moved (NBomber's response: status and sizes).
/// </summary>
public sealed class StepResult
{
    private StepResult(bool isOk, string? errorCode, int? statusCode, long requestBytes, long responseBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(responseBytes);
        IsOk = isOk;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestBytes = requestBytes;
        ResponseBytes = responseBytes;
    }

    /// <summary>Whether it succeeded.</summary>
    public bool IsOk { get; }

    /// <summary>A short error code for a failure (counted by code in the summary, like AWS error types); never message text.</summary>
    public string? ErrorCode { get; }

    /// <summary>The status code the application saw (HTTP status or your own), if any.</summary>
    public int? StatusCode { get; }

    /// <summary>Bytes the step sent (0 when not reported). Summed per step in the summary.</summary>
    public long RequestBytes { get; }

    /// <summary>Bytes the step received (0 when not reported). Summed per step in the summary.</summary>
    public long ResponseBytes { get; }

    /// <summary>A success, with the status and sizes the step saw.</summary>
    public static StepResult Ok(int? statusCode = null, long requestBytes = 0, long responseBytes = 0) => new(true, null, statusCode, requestBytes, responseBytes);

    /// <summary>A failure with a short error code (e.g. <c>NoDocuments</c>), with the status and sizes the step saw.</summary>
    public static StepResult Fail(string errorCode, int? statusCode = null, long requestBytes = 0, long responseBytes = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        return new(false, errorCode, statusCode, requestBytes, responseBytes);
    }
}
