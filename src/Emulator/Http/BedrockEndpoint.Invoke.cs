using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LoadTest.Core.Models;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Http;

/// <summary>InvokeModel and InvokeModelWithResponseStream with an Anthropic Claude Messages body.</summary>
internal sealed partial class BedrockEndpoint
{
    private async Task<string?> ReadInvokeAsync(Invocation inv)
    {
        var request = await ReadJsonAsync(inv.Http, BedrockJsonContext.Default.AnthropicRequest);
        if (request is null)
        {
            return "Malformed input request: the body must be a JSON object, please reformat your input and try again.";
        }

        var invalid = ValidateAnthropic(request, inv.Model.MaxOutputTokens, inv.Model.BaseModelId);
        if (invalid is not null)
        {
            return invalid;
        }

        inv.MaxTokens = request.MaxTokens;
        ScanAnthropic(inv.Scan, request);
        inv.Scan.Steer(OutputSteering.FromMetadata(request.Metadata));
        return null;
    }

    private static string? ValidateAnthropic(AnthropicRequest request, int modelMaxOutput, string baseModel)
    {
        if (request.MaxTokens == 0)
        {
            return "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.";
        }

        if (request.MaxTokens < 1)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Malformed input request: #/max_tokens: {request.MaxTokens} is not greater or equal to 1, please reformat your input and try again.");
        }

        if (request.MaxTokens > modelMaxOutput)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"max_tokens: {request.MaxTokens} > {modelMaxOutput}, which is the maximum allowed number of output tokens for {baseModel}");
        }

        if (request.Messages is null || request.Messages.Count == 0)
        {
            return "Malformed input request: #/messages: expected minimum item count: 1, found: 0, please reformat your input and try again.";
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            var role = request.Messages[i].Role;
            if (role is not ("user" or "assistant"))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"messages.{i}.role: Input should be 'user' or 'assistant', got '{role}'");
            }

            if (i == 0 && role != "user")
            {
                return "messages: the first message must use the \"user\" role";
            }
        }

        return null;
    }

    private static void ScanAnthropic(PromptScan scan, AnthropicRequest request)
    {
        scan.Hashing = (request.System is { } s && HasCacheControl(s)) || request.Messages.Exists(m => HasCacheControl(m.Content));
        if (request.System is { } system)
        {
            scan.AddBoundary('s');
            ScanAnthropicContent(scan, system);
        }

        foreach (var message in request.Messages)
        {
            scan.AddBoundary(message.Role is "assistant" ? 'a' : 'u');
            ScanAnthropicContent(scan, message.Content);
        }
    }

    private static bool HasCacheControl(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("cache_control", out var cc) && cc.ValueKind == JsonValueKind.Object)
            {
                return true;
            }
        }

        return false;
    }

    private static void ScanAnthropicContent(PromptScan scan, JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                scan.AddText(content.GetString());
                break;
            case JsonValueKind.Array:
                foreach (var block in content.EnumerateArray())
                {
                    if (block.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    if (block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        scan.AddText(text.GetString());
                    }

                    // cache_control marks the end of a cacheable prefix, this block included.
                    if (block.TryGetProperty("cache_control", out var cc) && cc.ValueKind == JsonValueKind.Object)
                    {
                        scan.CachePoint();
                    }
                }

                break;
        }
    }

    private static string MessageId(ref RequestRandom random)
        => string.Create(CultureInfo.InvariantCulture, $"msg_bdrk_{random.NextUInt64():x16}{random.NextUInt64() & 0xFFFFFFFF:x8}");

    private AnthropicUsage AnthropicUsageOf(Invocation inv, int outputTokens) => new()
    {
        InputTokens = (int)inv.InputTokens,
        OutputTokens = outputTokens,
        CacheCreationInputTokens = (int)inv.Cache.WriteTokens,
        CacheReadInputTokens = (int)inv.Cache.ReadTokens,
    };

    private async Task<(int Status, string? ErrorCode)> AnswerInvokeAsync(Invocation inv)
    {
        if (await AwaitWholeAnswerAsync(inv) is { } reset)
        {
            return reset;
        }

        var response = new AnthropicResponse
        {
            Id = MessageId(ref inv.Random),
            Model = inv.Model.BaseModelId,
            Content = [new AnthropicContentBlock { Type = "text", Text = SyntheticText.Tokens(inv.OutputTokens) }],
            StopReason = inv.StopReason,
            Usage = AnthropicUsageOf(inv, inv.OutputTokens),
        };
        SetSuccessHeaders(inv, "application/json");
        var headers = inv.Http.Response.Headers;
        headers["X-Amzn-Bedrock-Input-Token-Count"] = inv.InputTokens.ToString(CultureInfo.InvariantCulture);
        headers["X-Amzn-Bedrock-Output-Token-Count"] = inv.OutputTokens.ToString(CultureInfo.InvariantCulture);
        headers["X-Amzn-Bedrock-Invocation-Latency"] = ElapsedMs(inv.StartTimestamp).ToString(CultureInfo.InvariantCulture);
        if (inv.CacheUsed)
        {
            headers["X-Amzn-Bedrock-Cache-Read-Input-Token-Count"] = inv.Cache.ReadTokens.ToString(CultureInfo.InvariantCulture);
            headers["X-Amzn-Bedrock-Cache-Write-Input-Token-Count"] = inv.Cache.WriteTokens.ToString(CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(inv.Http, response, BedrockJsonContext.Default.AnthropicResponse);
        inv.HeadersTimestamp = _clock.Timestamp;
        return (200, null);
    }

    private async Task<(int Status, string? ErrorCode)> StreamInvokeAsync(Invocation inv)
    {
        var http = inv.Http;
        var ct = http.RequestAborted;
        var json = EmulatorJsonContext.Default;
        await WaitUntilAsync(inv, inv.Faults.SlowFirstByte);
        SetSuccessHeaders(inv, EventStreamFrames.ContentType);
        http.Response.Headers["X-Amzn-Bedrock-Content-Type"] = "application/json";
        var body = http.Response.BodyWriter;
        await body.FlushAsync(ct);
        inv.HeadersTimestamp = _clock.Timestamp;

        var start = new AnthropicMessageStart
        {
            Message = new AnthropicResponse
            {
                Id = MessageId(ref inv.Random),
                Model = inv.Model.BaseModelId,
                Content = [],
                Usage = AnthropicUsageOf(inv, 1),
            },
        };
        byte[] prelude = [
            .. Chunk(JsonSerializer.SerializeToUtf8Bytes(start, json.AnthropicMessageStart)),
            .. Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockStart { Index = 0 }, json.AnthropicContentBlockStart)),
        ];

        var interrupted = await StreamDeltasAsync(inv, _invokeDeltas, prelude);
        if (interrupted is { } outcome)
        {
            return outcome;
        }

        // The first byte of the model's output is the first delta, with the prelude before it.
        var firstByteMs = (long)Math.Round(_clock.Time.GetElapsedTime(inv.StartTimestamp, inv.FirstDeltaTimestamp).TotalMilliseconds);

        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockStop { Index = 0 }, json.AnthropicContentBlockStop)));
        var messageDelta = new AnthropicMessageDelta
        {
            Delta = new AnthropicStopDelta { StopReason = inv.StopReason },
            Usage = new AnthropicOutputUsage { OutputTokens = inv.OutputSent },
        };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(messageDelta, json.AnthropicMessageDelta)));
        var stop = new AnthropicMessageStop
        {
            InvocationMetrics = new InvocationMetrics
            {
                InputTokenCount = (int)inv.InputTokens,
                OutputTokenCount = inv.OutputSent,
                InvocationLatency = ElapsedMs(inv.StartTimestamp),
                FirstByteLatency = firstByteMs,
                CacheReadInputTokenCount = inv.CacheUsed ? (int)inv.Cache.ReadTokens : null,
                CacheWriteInputTokenCount = inv.CacheUsed ? (int)inv.Cache.WriteTokens : null,
            },
        };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(stop, json.AnthropicMessageStop)));
        await body.FlushAsync(ct);
        return (200, null);
    }

    private static byte[] InvokeDeltaFrame(string text)
        => Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockDelta { Index = 0, Delta = new AnthropicTextDelta { Text = text } }, EmulatorJsonContext.Default.AnthropicContentBlockDelta));

    private static byte[] Chunk(byte[] anthropicEvent)
        => EventStreamFrames.Event("chunk", new ResponseStreamChunk { Bytes = anthropicEvent }, BedrockJsonContext.Default.ResponseStreamChunk);

    // ---- CountTokens ----

    private async Task<string?> ReadCountTokensAsync(Invocation inv)
    {
        var request = await ReadJsonAsync(inv.Http, BedrockJsonContext.Default.CountTokensRequest);
        var input = request?.Input;
        if (input?.Converse is { } converse)
        {
            var invalid = ValidateConverse(converse.Messages, int.MaxValue, null);
            if (invalid is not null)
            {
                return invalid;
            }

            ScanConverse(inv.Scan, converse.System, converse.Messages);
            return null;
        }

        if (input?.InvokeModel is { } invoke)
        {
            var anthropic = ParseInvokeBody(invoke.Body);
            if (anthropic is null)
            {
                return "Malformed input request: input.invokeModel.body is not an InvokeModel JSON body, please reformat your input and try again.";
            }

            if (anthropic.Messages is null || anthropic.Messages.Count == 0)
            {
                return "Malformed input request: #/messages: expected minimum item count: 1, found: 0, please reformat your input and try again.";
            }

            ScanAnthropic(inv.Scan, anthropic);
            return null;
        }

        return "1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must have either 'converse' or 'invokeModel'";
    }

    /// <summary>The body is a blob, so SDKs send it base64-encoded; a raw JSON string is accepted too.</summary>
    private static AnthropicRequest? ParseInvokeBody(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        byte[] utf8;
        if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            utf8 = System.Text.Encoding.UTF8.GetBytes(body);
        }
        else
        {
            try
            {
                utf8 = Convert.FromBase64String(body);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        try
        {
            return JsonSerializer.Deserialize(utf8, BedrockJsonContext.Default.AnthropicRequest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task AnswerCountTokensAsync(Invocation inv)
    {
        inv.InferenceRegion = _options.SourceRegion;
        SetSuccessHeaders(inv, "application/json");
        var tokens = (int)Math.Min(int.MaxValue, inv.Scan.Tokens);
        await WriteJsonAsync(inv.Http, new CountTokensResponse { InputTokens = tokens }, BedrockJsonContext.Default.CountTokensResponse);
        _log.Record(new Observability.InvocationRecord(
            _clock.UtcNow, "CountTokens", inv.RequestId, inv.Model.Id, _options.SourceRegion, 200, null, 0, 0, 0, 0, 0, _clock.MillisecondsSince(inv.StartTimestamp)));
        RecordTiming(inv.RequestId, inv.Operation, inv.Model.Id, 200, null, inv.StartTimestamp, _clock.Timestamp, null);
    }
}
