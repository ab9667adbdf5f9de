using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LoadTest.Emulator.Generation;

/// <summary>
/// A tool call's input that a program checking it against the declared JSON schema accepts: an object
/// with every <c>required</c> property, each a value of its declared <c>type</c> (the first of a type
/// list that is not "null"; the first <c>enum</c> value when there is one), nested objects filled the
/// same way, arrays empty unless <c>minItems</c> asks for items. The same schema gives the same input.
/// Non-ASCII is escaped, so every character is one byte and the JSON splits anywhere into fragments.
/// </summary>
internal static class ToolInput
{
    private const int MaxDepth = 16;

    public static string For(JsonElement? schema)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (schema is { ValueKind: JsonValueKind.Object } s)
            {
                WriteObject(json, s, 0);
            }
            else
            {
                json.WriteStartObject();
                json.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteObject(Utf8JsonWriter json, JsonElement schema, int depth)
    {
        json.WriteStartObject();
        if (depth < MaxDepth && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var key = name.GetString()!;
                json.WritePropertyName(key);
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(key, out var property) && property.ValueKind == JsonValueKind.Object)
                {
                    WriteValue(json, property, depth + 1);
                }
                else
                {
                    json.WriteStringValue("sample");
                }
            }
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, JsonElement schema, int depth)
    {
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(json);
            return;
        }

        switch (TypeOf(schema))
        {
            case "integer":
                json.WriteNumberValue(1);
                break;
            case "number":
                json.WriteNumberValue(1.5);
                break;
            case "boolean":
                json.WriteBooleanValue(true);
                break;
            case "null":
                json.WriteNullValue();
                break;
            case "object":
                WriteObject(json, schema, depth);
                break;
            case "array":
                json.WriteStartArray();
                var items = schema.TryGetProperty("minItems", out var min) && min.TryGetInt32(out var n) ? Math.Clamp(n, 0, 8) : 0;
                var itemSchema = schema.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
                for (var k = 0; k < items; k++)
                {
                    if (itemSchema.ValueKind == JsonValueKind.Object && depth < MaxDepth)
                    {
                        WriteValue(json, itemSchema, depth + 1);
                    }
                    else
                    {
                        json.WriteStringValue("sample");
                    }
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue("sample");
                break;
        }
    }

    /// <summary>The declared type: a string, or the first non-"null" entry of a list; null when absent.</summary>
    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : null;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            string? first = null;
            foreach (var t in type.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String)
                {
                    first ??= t.GetString();
                    if (!t.ValueEquals("null"))
                    {
                        return t.GetString();
                    }
                }
            }

            return first;
        }

        return null;
    }
}
