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

    /// <summary>A truncateFrame fault sent half a frame and ended the body (the status sent was 200).</summary>
    public static InvocationOutcome TruncatedFrame => new(200, "TruncatedFrame");

    /// <summary>A corruptCrc fault sent a frame that fails its message CRC and ended the body (the status sent was 200).</summary>
    public static InvocationOutcome CorruptFrame => new(200, "CorruptFrame");
}
