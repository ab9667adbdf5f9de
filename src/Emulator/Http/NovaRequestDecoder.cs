using System.Buffers;
using LoadTest.Bedrock.Wire;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The body of InvokeModel and InvokeModelWithResponseStream for Amazon Nova (Nova 2 Lite):
/// <c>messages</c> of <c>{text}</c> blocks, <c>system</c> blocks, <c>inferenceConfig</c> with
/// <c>maxTokens</c>, <c>temperature</c>, <c>topP</c>, <c>topK</c>, <c>stopSequences</c>; the Nova 1
/// spellings published examples still send (<c>schemaVersion: "messages-v1"</c>,
/// <c>max_new_tokens</c>, <c>top_p</c>, <c>top_k</c>) are accepted too. See <see cref="NovaRequest"/>
/// for the sources. A body that fails Nova's schema (an Anthropic or Cohere body, an unknown key)
/// is refused the way Bedrock refuses it (<see cref="SchemaViolations"/>). Without a maxTokens the
/// output cap is the emulator's default, as for Converse.
/// </summary>
internal sealed class NovaRequestDecoder : IRequestDecoder
{
    /// <summary>The only schemaVersion Nova's published examples send.</summary>
    public const string SchemaVersion = "messages-v1";

    private readonly ReservationPolicy _reservation;

    /// <param name="reservation">Gives the output cap when the body sets no maxTokens (the model\'s maximum output by default).</param>
    public NovaRequestDecoder(ReservationPolicy reservation)
    {
        _reservation = reservation;
    }

    public string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request)
    {
        var nova = RequestBody.Deserialize(body, EmulatorJsonContext.Default.NovaRequest);
        if (nova is null)
        {
            return RequestBody.NotAnObject;
        }

        var maxTokens = nova.InferenceConfig?.MaxTokens ?? nova.InferenceConfig?.MaxNewTokens;
        var invalid = Validate(nova, maxTokens, model.MaxOutputTokens);
        if (invalid is not null)
        {
            return invalid;
        }

        request.MaxTokens = _reservation.MaxTokensFor(maxTokens, model.MaxOutputTokens);
        Scan(request.Scan, nova);
        return request.CheckContextWindow(model);
    }

    private static string? Validate(NovaRequest nova, int? maxTokens, int modelMaxOutput)
    {
        var schema = new SchemaViolations();
        if (nova.Messages is null)
        {
            schema.RequiredKey("#", "messages");
        }

        schema.ExtraneousKeys("#", nova.Extra);
        if (nova.SchemaVersion is { } version && version != SchemaVersion)
        {
            schema.NotInEnum("#/schemaVersion", version);
        }

        if (nova.InferenceConfig is { } config)
        {
            schema.ExtraneousKeys("#/inferenceConfig", config.Extra);
            var pointer = config.MaxTokens is null ? "#/inferenceConfig/max_new_tokens" : "#/inferenceConfig/maxTokens";
            if (maxTokens < 1)
            {
                schema.Minimum(pointer, maxTokens.Value, 1);
            }
            else if (maxTokens > modelMaxOutput)
            {
                schema.Maximum(pointer, maxTokens.Value, modelMaxOutput);
            }
        }

        if (nova.Messages is { } messages)
        {
            if (messages.Count == 0)
            {
                schema.MinItems("#/messages", 1, 0);
            }

            for (var i = 0; i < messages.Count; i++)
            {
                var m = messages[i];
                if (m.Role is null)
                {
                    schema.RequiredKey($"#/messages/{i}", "role");
                }
                else if (m.Role is not ("user" or "assistant"))
                {
                    schema.NotInEnum($"#/messages/{i}/role", m.Role);
                }

                if (m.Content is null)
                {
                    schema.RequiredKey($"#/messages/{i}", "content");
                }
                else if (m.Content.Count == 0)
                {
                    schema.MinItems($"#/messages/{i}/content", 1, 0);
                }
            }
        }

        if (schema.Message(please: false) is { } malformed)
        {
            return malformed;
        }

        // Past the schema, the conversation rules every Bedrock text model shares (Converse's words).
        var turns = nova.Messages!;
        if (turns[0].Role != "user")
        {
            return ConverseRequestDecoder.MustStartWithUser;
        }

        for (var i = 1; i < turns.Count; i++)
        {
            if (turns[i].Role == turns[i - 1].Role)
            {
                return ConverseRequestDecoder.MustAlternate;
            }
        }

        return null;
    }

    /// <summary>Walks the system blocks, then the messages; a cachePoint block ends a cacheable prefix.</summary>
    private static void Scan(PromptScan scan, NovaRequest nova)
    {
        scan.Hashing = HasCachePoint(nova.System) || nova.Messages!.Exists(m => HasCachePoint(m.Content));
        if (nova.System is { } system)
        {
            scan.AddBoundary('s');
            ScanBlocks(scan, system);
        }

        foreach (var message in nova.Messages!)
        {
            scan.AddBoundary(message.Role is "assistant" ? 'a' : 'u');
            ScanBlocks(scan, message.Content!);
        }
    }

    private static void ScanBlocks(PromptScan scan, List<NovaContentBlock> blocks)
    {
        foreach (var block in blocks)
        {
            scan.AddText(block.Text);
            if (IsCachePoint(block))
            {
                scan.CachePoint();
            }
        }
    }

    private static bool HasCachePoint(List<NovaContentBlock>? blocks) => blocks is not null && blocks.Exists(IsCachePoint);

    private static bool IsCachePoint(NovaContentBlock block) => block.CachePoint is { ValueKind: System.Text.Json.JsonValueKind.Object };
}
