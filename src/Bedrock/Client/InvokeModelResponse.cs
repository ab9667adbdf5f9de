namespace LoadTest.Bedrock.Client;

/// <summary>An InvokeModel response: the model's body as bytes plus Bedrock's token and latency headers.</summary>
public sealed record InvokeModelResponse(
    ReadOnlyMemory<byte> Body,
    string? ContentType,
    int? InputTokenCount,
    int? OutputTokenCount,
    long? InvocationLatencyMs);
