namespace LoadTest.Bedrock.Client;

/// <summary>
/// One InvokeModelWithResponseStream <c>chunk</c>: <see cref="Bytes"/> is the decoded model event
/// (for Claude, one Anthropic streaming event's JSON, e.g. content_block_delta).
/// </summary>
public sealed record ResponseStreamEvent(ReadOnlyMemory<byte> Bytes);
