using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Core.Models;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Http;

/// <summary>The body of InvokeModel and InvokeModelWithResponseStream: an Anthropic Claude Messages request.</summary>
internal sealed class AnthropicRequestDecoder : IRequestDecoder
{
    /// <summary>The message when an Anthropic body has no messages.</summary>
    public const string NoMessages = "Malformed input request: #/messages: expected minimum item count: 1, found: 0, please reformat your input and try again.";

    public string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request)
    {
        var anthropic = RequestBody.Deserialize(body, BedrockJsonContext.Default.AnthropicRequest);
        if (anthropic is null)
        {
            return RequestBody.NotAnObject;
        }

        var invalid = Validate(anthropic, model.MaxOutputTokens, model.BaseModelId);
        if (invalid is not null)
        {
            return invalid;
        }

        request.MaxTokens = anthropic.MaxTokens;
        Scan(request.Scan, anthropic);
        request.Scan.Steer(OutputSteering.FromMetadata(anthropic.Metadata));
        return request.CheckContextWindow(model);
    }

    /// <summary>The body is a blob, so SDKs send it base64-encoded; a raw JSON string is accepted too. Null when it is neither.</summary>
    public static AnthropicRequest? ParseBlob(string body)
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

    /// <summary>Walks the system prompt, then the messages; a block with cache_control ends a cacheable prefix.</summary>
    public static void Scan(PromptScan scan, AnthropicRequest request)
    {
        scan.Hashing = (request.System is { } s && HasCacheControl(s)) || request.Messages.Exists(m => HasCacheControl(m.Content));
        if (request.System is { } system)
        {
            scan.AddBoundary('s');
            ScanContent(scan, system);
        }

        foreach (var message in request.Messages)
        {
            scan.AddBoundary(message.Role is "assistant" ? 'a' : 'u');
            ScanContent(scan, message.Content);
        }
    }

    private static string? Validate(AnthropicRequest request, int modelMaxOutput, string baseModel)
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
            return NoMessages;
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

    /// <summary>
    /// A string member read lazily from the document: an escaped lone surrogate (<c>"\ud800"</c>)
    /// only fails here, and must be malformed input like any other bad JSON, not a crash.
    /// </summary>
    internal static string? TextOf(JsonElement text)
    {
        try
        {
            return text.GetString();
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("a string is not valid Unicode (a lone surrogate escape)", e);
        }
    }

    private static void ScanContent(PromptScan scan, JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                scan.AddText(TextOf(content));
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
                        scan.AddText(TextOf(text));
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
}
