using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Core.Models;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The InvokeModel body of Cohere Embed v4, checked against the schema the Bedrock user guide
/// publishes (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html):
/// <c>input_type</c> required (search_document, search_query, classification, clustering); one of
/// <c>texts</c>, <c>images</c> or <c>inputs</c>, each at most 96 items; <c>embedding_types</c> of
/// float, int8, uint8, binary, ubinary; <c>output_dimension</c> 256, 512, 1024 or 1536 (default
/// 1536); <c>max_tokens</c>; <c>truncate</c> NONE, LEFT or RIGHT. Violations are Bedrock's schema
/// messages (<see cref="SchemaViolations"/>; "#/texts: expected maximum item count: 96, found: 97").
/// Input tokens: each text by the emulator's token rule; each image as the guide's largest image,
/// (2,458,624 pixels / 784) x 4 = 12,544 tokens (the emulator does not decode images). Text beyond
/// <c>max_tokens</c> is cut (counted as max_tokens) unless <c>truncate</c> is NONE, which refuses it.
/// No output tokens: the output cap is 0.
/// </summary>
internal sealed class CohereEmbedRequestDecoder : IRequestDecoder
{
    /// <summary>Texts, images or inputs per request (the guide's "Max 96 per call").</summary>
    public const int MaxItems = 96;

    public const int DefaultDimension = 1536;

    /// <summary>Tokens the emulator counts for one image: the guide's formula at its largest image size.</summary>
    public const int TokensPerImage = 2_458_624 / 784 * 4;

    private static readonly string[] InputTypes = ["search_document", "search_query", "classification", "clustering"];
    private static readonly string[] EmbeddingTypes = ["float", "int8", "uint8", "binary", "ubinary"];
    private static readonly int[] Dimensions = [256, 512, 1024, DefaultDimension];
    private static readonly string[] Truncations = ["NONE", "LEFT", "RIGHT"];

    public string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request)
    {
        var embed = RequestBody.Deserialize(body, EmulatorJsonContext.Default.CohereEmbedRequest);
        if (embed is null)
        {
            return RequestBody.NotAnObject;
        }

        if (Validate(embed) is { } invalid)
        {
            return invalid;
        }

        var seeds = new List<ulong>();
        var scan = request.Scan;
        var maxTokens = embed.MaxTokens ?? int.MaxValue;
        var refuseLong = embed.Truncate == "NONE";
        foreach (var text in embed.Texts ?? [])
        {
            if (Count(scan, TokenCounting.Count(text), maxTokens, refuseLong, seeds.Count) is { } tooLong)
            {
                return tooLong;
            }

            seeds.Add(SyntheticEmbedding.Seed(text));
        }

        foreach (var image in embed.Images ?? [])
        {
            scan.AddTokens(TokensPerImage);
            seeds.Add(SyntheticEmbedding.Seed(image));
        }

        foreach (var input in embed.Inputs ?? [])
        {
            if (Count(scan, InputTokens(input), maxTokens, refuseLong, seeds.Count) is { } tooLong)
            {
                return tooLong;
            }

            seeds.Add(SyntheticEmbedding.Seed(input.GetRawText()));
        }

        request.MaxTokens = 0;
        request.Embedding = new EmbeddingInput(
            [.. seeds],
            embed.Texts,
            embed.Inputs,
            embed.EmbeddingTypes?.Distinct(StringComparer.Ordinal).ToList(),
            embed.OutputDimension ?? DefaultDimension);
        return request.CheckContextWindow(model);
    }

    private static string? Validate(CohereEmbedRequest embed)
    {
        var schema = new SchemaViolations();
        if (embed.InputType is null)
        {
            schema.RequiredKey("#", "input_type");
        }

        if (embed.Texts is null && embed.Images is null && embed.Inputs is null)
        {
            schema.RequiredKey("#", "texts");
            schema.RequiredKey("#", "images");
            schema.RequiredKey("#", "inputs");
        }

        schema.ExtraneousKeys("#", embed.Extra);
        if (embed.Texts is not null && embed.Images is not null)
        {
            // texts and images are two shapes of request; interleaved content goes in inputs.
            schema.ExtraneousKey("#", "images");
        }

        if (embed.InputType is { } inputType && !InputTypes.Contains(inputType, StringComparer.Ordinal))
        {
            schema.NotInEnum("#/input_type", inputType);
        }

        CheckCount(schema, "#/texts", embed.Texts?.Count);
        CheckCount(schema, "#/images", embed.Images?.Count);
        CheckCount(schema, "#/inputs", embed.Inputs?.Count);
        if (embed.EmbeddingTypes is { } types)
        {
            if (types.Count == 0)
            {
                schema.MinItems("#/embedding_types", 1, 0);
            }

            for (var i = 0; i < types.Count; i++)
            {
                if (!EmbeddingTypes.Contains(types[i], StringComparer.Ordinal))
                {
                    schema.NotInEnum(string.Create(CultureInfo.InvariantCulture, $"#/embedding_types/{i}"), types[i]);
                }
            }
        }

        if (embed.OutputDimension is { } dimension && !Dimensions.Contains(dimension))
        {
            schema.NotInEnum("#/output_dimension", dimension);
        }

        if (embed.MaxTokens is < 1)
        {
            schema.Minimum("#/max_tokens", embed.MaxTokens.Value, 1);
        }

        if (embed.Truncate is { } truncate && !Truncations.Contains(truncate, StringComparer.Ordinal))
        {
            schema.NotInEnum("#/truncate", truncate);
        }

        return schema.Message(please: true);
    }

    private static void CheckCount(SchemaViolations schema, string pointer, int? count)
    {
        if (count > MaxItems)
        {
            schema.MaxItems(pointer, MaxItems, count.Value);
        }
    }

    /// <summary>Adds one input item's tokens, cut at max_tokens; with truncate NONE an item over it is refused.</summary>
    private static string? Count(Caching.PromptScan scan, long tokens, int maxTokens, bool refuseLong, int index)
    {
        if (tokens > maxTokens && refuseLong)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Malformed input request: input {index} has {tokens} tokens, more than max_tokens {maxTokens}, and truncate is NONE, please reformat your input and try again.");
        }

        scan.AddTokens(Math.Min(tokens, maxTokens));
        return null;
    }

    /// <summary>The tokens of one <c>inputs</c> item: its text parts by the token rule, each image part as <see cref="TokensPerImage"/>.</summary>
    private static long InputTokens(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        long tokens = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                tokens += TokenCounting.Count(AnthropicRequestDecoder.TextOf(text));
            }
            else if (part.TryGetProperty("image_url", out _))
            {
                tokens += TokensPerImage;
            }
        }

        return tokens;
    }
}
