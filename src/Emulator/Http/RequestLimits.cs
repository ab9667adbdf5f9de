namespace LoadTest.Emulator.Http;

/// <summary>
/// What the emulator accepts from a client before it refuses the request, and the transport
/// limits Kestrel enforces on its own. The emulator's own limits sit below Kestrel's so that a
/// request over them is still answered like Bedrock (status, <c>x-amzn-ErrorType</c>, a JSON
/// message) by <see cref="RequestBody"/> and the endpoint; only past Kestrel's limits does Kestrel
/// answer by itself (a bare 413, 431 or 408) and close the connection.
/// </summary>
internal sealed record RequestLimits
{
    /// <summary>
    /// Bedrock Runtime's request body limit: the API reference gives InvokeModel's <c>body</c>
    /// "Length Constraints: Maximum length of 25000000", and Bedrock refuses a longer one with the
    /// ValidationException in <see cref="RequestBody.TooLarge"/>. The same figure is applied to every
    /// operation (Converse documents none of its own).
    /// </summary>
    public const long BedrockBodyBytes = 25_000_000;

    public static RequestLimits Default { get; } = new();

    /// <summary>Bodies longer than this are refused (and not kept: the rest is read and dropped).</summary>
    public long MaxBodyBytes { get; init; } = BedrockBodyBytes;

    /// <summary>
    /// Kestrel's MaxRequestBodySize. Past <see cref="MaxBodyBytes"/> the emulator reads and drops the
    /// rest of a body up to here, so a client that sends its whole body before it reads (most SDKs)
    /// still gets the ValidationException instead of a reset connection; past this it stops reading,
    /// answers, and Kestrel closes the connection.
    /// </summary>
    public long DrainBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Header lines a request may carry (Kestrel's default limit, now answered with an error type).</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Bytes of header names and values together (Kestrel's default limit, now answered with an error type).</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>Kestrel's own header-count limit: past it Kestrel answers a bare 431 before the emulator sees the request.</summary>
    public int TransportHeaderCount { get; init; } = 2_000;

    /// <summary>Kestrel's own header-size limit (total, and per field on HTTP/2), bounding the memory one request's headers take.</summary>
    public int TransportHeaderBytes { get; init; } = 512 * 1024;

    /// <summary>A client that has not sent all its headers by then is cut off by Kestrel (bare 408, connection closed).</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A body arriving slower than this (after <see cref="MinBodyRateGrace"/>) is given up on with a
    /// 408 RequestTimeoutException; Kestrel's default rate, so a stalled client cannot hold a
    /// request and its buffer forever.
    /// </summary>
    public double MinBodyBytesPerSecond { get; init; } = 240;

    public TimeSpan MinBodyRateGrace { get; init; } = TimeSpan.FromSeconds(5);
}
