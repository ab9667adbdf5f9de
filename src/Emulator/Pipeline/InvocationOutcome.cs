namespace LoadTest.Emulator.Pipeline;

/// <summary>How a served request ended, as the invocation log and the timing log record it.</summary>
/// <param name="Status">The HTTP status, or 499 when the connection ended before the answer did.</param>
/// <param name="ErrorCode">The error type recorded; null for a complete answer.</param>
internal readonly record struct InvocationOutcome(int Status, string? ErrorCode)
{
    public static InvocationOutcome Ok => new(200, null);

    /// <summary>The client went away (request aborted or the socket failed).</summary>
    public static InvocationOutcome Cancelled => new(499, "RequestCancelled");

    /// <summary>A reset fault dropped the connection.</summary>
    public static InvocationOutcome ConnectionReset => new(499, "ConnectionReset");
}
