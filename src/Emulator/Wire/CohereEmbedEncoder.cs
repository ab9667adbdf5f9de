using System.Buffers;
using System.Text.Json;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The InvokeModel answer of Cohere Embed v4, in the shape the Bedrock user guide publishes
/// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html):
/// <c>id</c>, <c>embeddings</c>, <c>response_type</c>, and <c>texts</c> or <c>inputs</c> echoed.
/// Without <c>embedding_types</c> the answer is <c>embeddings_floats</c> with <c>embeddings</c> a
/// list of float vectors (the guide's example B); with them it is <c>embeddings_by_type</c> with
/// <c>embeddings</c> an object keyed by type (the guide's example A and code examples, which read
/// <c>embeddings[type]</c> after asking for <c>["float"]</c>; the guide's prose says a single type
/// gives <c>embeddings_floats</c>, which its own code example contradicts, so the code wins).
/// Vectors come from <see cref="SyntheticEmbedding"/>, so they depend only on the input. Headers:
/// input tokens, output 0, latency. Written straight to a buffer: up to 96 x 1536 numbers per type.
/// </summary>
internal sealed class CohereEmbedEncoder : JsonResponseEncoder
{
    private readonly EmulatorClock _clock;

    public CohereEmbedEncoder(EmulatorClock clock)
    {
        _clock = clock;
    }

    public override Task WriteAsync(Invocation inv)
    {
        var input = inv.Request.Embedding!;
        var buffer = new ArrayBufferWriter<byte>(256 + (input.Seeds.Length * input.Dimension * 12));
        Write(buffer, input, Guid.NewGuid());
        InvokeModelEncoder.SetSuccessHeaders(inv, _clock);
        inv.Http.Response.ContentLength = buffer.WrittenCount;
        return inv.Http.Response.Body.WriteAsync(buffer.WrittenMemory, inv.Http.RequestAborted).AsTask();
    }

    /// <summary>Writes the whole answer body.</summary>
    public static void Write(IBufferWriter<byte> output, EmbeddingInput input, Guid id)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("id", id);
        var vectors = Vectors(input);
        if (input.Types is null)
        {
            json.WritePropertyName("embeddings");
            WriteType(json, "float", vectors, input.Dimension);
            json.WriteString("response_type", "embeddings_floats");
        }
        else
        {
            json.WriteStartObject("embeddings");
            foreach (var type in input.Types)
            {
                json.WritePropertyName(type);
                WriteType(json, type, vectors, input.Dimension);
            }

            json.WriteEndObject();
            json.WriteString("response_type", "embeddings_by_type");
        }

        if (input.Texts is { } texts)
        {
            json.WriteStartArray("texts");
            foreach (var text in texts)
            {
                json.WriteStringValue(text);
            }

            json.WriteEndArray();
        }

        if (input.Inputs is { } inputs)
        {
            json.WriteStartArray("inputs");
            foreach (var item in inputs)
            {
                item.WriteTo(json);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static float[] Vectors(EmbeddingInput input)
    {
        var all = new float[input.Seeds.Length * input.Dimension];
        for (var i = 0; i < input.Seeds.Length; i++)
        {
            SyntheticEmbedding.Fill(input.Seeds[i], all.AsSpan(i * input.Dimension, input.Dimension));
        }

        return all;
    }

    /// <summary>One type's vectors: a list with one array per input.</summary>
    private static void WriteType(Utf8JsonWriter json, string type, float[] vectors, int dimension)
    {
        var count = vectors.Length / dimension;
        Span<sbyte> int8 = stackalloc sbyte[dimension];
        Span<byte> bits = stackalloc byte[(dimension + 7) / 8];
        json.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            var vector = vectors.AsSpan(i * dimension, dimension);
            json.WriteStartArray();
            switch (type)
            {
                case "float":
                    foreach (var v in vector)
                    {
                        json.WriteNumberValue(v);
                    }

                    break;
                case "int8" or "uint8":
                    SyntheticEmbedding.ToInt8(vector, int8);
                    var offset = type == "uint8" ? 128 : 0;
                    foreach (var v in int8)
                    {
                        json.WriteNumberValue(v + offset);
                    }

                    break;
                default:
                    SyntheticEmbedding.ToBits(vector, bits);
                    var shift = type == "binary" ? -128 : 0;
                    foreach (var b in bits)
                    {
                        json.WriteNumberValue(b + shift);
                    }

                    break;
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
