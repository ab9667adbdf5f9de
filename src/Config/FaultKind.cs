namespace LoadTest.Config;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>Answer with an AWS error (e.g. ServiceUnavailableException) instead of serving.</summary>
    Error,

    /// <summary>Streaming operations only: send an exception event halfway through the stream.</summary>
    MidStream,

    /// <summary>Pause for <see cref="FaultSpec.Duration"/> halfway through (streams) or before answering.</summary>
    Stall,

    /// <summary>Drop the connection without a response (halfway through, for streams).</summary>
    Reset,

    /// <summary>Wait <see cref="FaultSpec.Duration"/> before the first byte of the response.</summary>
    SlowFirstByte,

    /// <summary>Streaming operations only: halfway through, send the first half of a frame and end the body.</summary>
    TruncateFrame,

    /// <summary>Streaming operations only: halfway through, send a frame whose message CRC does not match and end the body.</summary>
    CorruptCrc,
}
