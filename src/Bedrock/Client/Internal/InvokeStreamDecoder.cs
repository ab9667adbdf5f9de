using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Maps InvokeModelWithResponseStream <c>chunk</c> events ({"bytes": base64}) to the decoded
/// model event bytes, and reads Claude's and Nova's events for TTFT, first visible token and delta
/// arrivals (text, thinking and tool input deltas), thinking length, tool calls, stop reason and
/// usage (amazon-bedrock-invocationMetrics when the last chunk carries it). The base64 is decoded
/// into one reused buffer and a delta is read in place; only the few other events of a stream are
/// parsed into a document.
/// </summary>
internal sealed class InvokeStreamDecoder(BedrockRuntimeClient client, BedrockOperationRequest call, RawBedrockResponse response)
    : StreamDecoder<ResponseStreamEvent>(client, call, response)
{
    private byte[] _decoded = [];
    private int? _inputTokens;
    private int? _outputTokens;
    private int? _cacheRead;
    private int? _cacheWrite;

    protected override int OutputTokensSoFar => _outputTokens is > 0 ? _outputTokens.Value : TextDeltas;

    /// <summary>A usage block from Bedrock's token counts (total = input + output + cache read + cache write).</summary>
    internal static TokenUsage Usage(int input, int output, int? cacheRead, int? cacheWrite) => new()
    {
        InputTokens = input,
        OutputTokens = output,
        TotalTokens = input + output + (cacheRead ?? 0) + (cacheWrite ?? 0),
        CacheReadInputTokens = cacheRead,
        CacheWriteInputTokens = cacheWrite,
    };

    protected override ResponseStreamEvent? Map(in EventFrame frame, bool materialize)
    {
        if (frame.Headers.EventType != "chunk")
        {
            return null;
        }

        var bytes = DecodeChunk(frame.Payload.Span);
        var delta = DeltaScan.Chunk(bytes.Span);
        if (delta.IsDelta)
        {
            Fold(frame, delta);
        }
        else
        {
            Fold(ModelEvents.Inspect(bytes));
        }

        return materialize ? new ResponseStreamEvent(bytes.ToArray()) : null;
    }

    private void Fold(ModelEventInfo info)
    {
        if (info.ToolUseId is { } id)
        {
            Tally.ToolStart(info.Index, id, info.ToolName ?? "");
        }
        else if (info.RedactedData is { } data)
        {
            Tally.Redacted(info.Index, data);
        }
        else if (info.BlockStop)
        {
            Tally.BlockStop(info.Index);
        }

        _inputTokens = info.InputTokens ?? _inputTokens;
        _outputTokens = info.OutputTokens ?? _outputTokens;
        _cacheRead = info.CacheReadTokens ?? _cacheRead;
        _cacheWrite = info.CacheWriteTokens ?? _cacheWrite;
        Call.Report.StopReason = info.StopReason ?? Call.Report.StopReason;
        if (info.Metrics is { } m)
        {
            Call.Report.Usage = Usage(m.InputTokenCount, m.OutputTokenCount, m.CacheReadInputTokenCount ?? _cacheRead, m.CacheWriteInputTokenCount ?? _cacheWrite);
        }
        else if (info.Type is "message_stop" or "metadata" && Call.Report.Usage is null && _inputTokens is { } input)
        {
            Call.Report.Usage = Usage(input, _outputTokens ?? 0, _cacheRead, _cacheWrite);
        }
    }

    /// <summary>The model event inside a chunk's {"bytes": base64}, decoded into the reused buffer.</summary>
    private ReadOnlyMemory<byte> DecodeChunk(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isBytes = reader.ValueTextEquals("bytes"u8);
                reader.Read();
                if (isBytes && reader.TokenType == JsonTokenType.String)
                {
                    return reader.ValueIsEscaped ? Convert.FromBase64String(reader.GetString()!) : Decode(reader.ValueSpan);
                }

                reader.Skip();
            }
        }

        throw new JsonException("A chunk event had no bytes.");
    }

    private ReadOnlyMemory<byte> Decode(ReadOnlySpan<byte> base64)
    {
        var length = Base64.GetMaxDecodedFromUtf8Length(base64.Length);
        if (_decoded.Length < length)
        {
            _decoded = new byte[Math.Max(length, 512)];
        }

        if (Base64.DecodeFromUtf8(base64, _decoded, out _, out var written) != OperationStatus.Done)
        {
            throw new FormatException("A chunk event's bytes are not valid base64.");
        }

        return _decoded.AsMemory(0, written);
    }
}
