using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Maps InvokeModelWithResponseStream <c>chunk</c> events ({"bytes": base64}) to the decoded
/// model event bytes, and reads Claude's events for TTFT (first content_block_delta), stop reason
/// and usage (amazon-bedrock-invocationMetrics when the last chunk carries it).
/// </summary>
internal sealed class InvokeStreamDecoder
{
    private readonly BedrockOperationRequest _call;
    private readonly StreamSession<ResponseStreamEvent> _session;
    private int _deltas;
    private int? _inputTokens;
    private int? _outputTokens;
    private int? _cacheRead;
    private int? _cacheWrite;

    public InvokeStreamDecoder(BedrockRuntimeClient client, BedrockOperationRequest call, RawBedrockResponse response)
    {
        _call = call;
        _session = new StreamSession<ResponseStreamEvent>(client, call, response, Map, () => _outputTokens is > 0 ? _outputTokens.Value : _deltas);
    }

    public IAsyncEnumerable<ResponseStreamEvent> Events(CancellationToken cancellationToken) => _session.Events(cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private ResponseStreamEvent? Map(string eventType, byte[] payload)
    {
        if (eventType != "chunk")
        {
            return null;
        }

        var chunk = JsonSerializer.Deserialize(payload, BedrockJsonContext.Default.ResponseStreamChunk)
            ?? throw new JsonException("A chunk event had no payload.");
        var info = ModelEvents.Inspect(chunk.Bytes);
        if (info.Type == "content_block_delta")
        {
            _deltas++;
            _call.Report.TimeToFirstToken ??= _call.SinceStart();
        }

        _inputTokens = info.InputTokens ?? _inputTokens;
        _outputTokens = info.OutputTokens ?? _outputTokens;
        _cacheRead = info.CacheReadTokens ?? _cacheRead;
        _cacheWrite = info.CacheWriteTokens ?? _cacheWrite;
        _call.Report.StopReason = info.StopReason ?? _call.Report.StopReason;
        if (info.Metrics is { } m)
        {
            _call.Report.Usage = Usage(m.InputTokenCount, m.OutputTokenCount, m.CacheReadInputTokenCount ?? _cacheRead, m.CacheWriteInputTokenCount ?? _cacheWrite);
        }
        else if (info.Type == "message_stop" && _call.Report.Usage is null && _inputTokens is { } input)
        {
            _call.Report.Usage = Usage(input, _outputTokens ?? 0, _cacheRead, _cacheWrite);
        }

        return new ResponseStreamEvent(chunk.Bytes);
    }

    /// <summary>A usage block from Bedrock's token counts (total = input + output + cache read + cache write).</summary>
    internal static TokenUsage Usage(int input, int output, int? cacheRead, int? cacheWrite) => new()
    {
        InputTokens = input,
        OutputTokens = output,
        TotalTokens = input + output + (cacheRead ?? 0) + (cacheWrite ?? 0),
        CacheReadInputTokens = cacheRead,
        CacheWriteInputTokens = cacheWrite,
    };
}
