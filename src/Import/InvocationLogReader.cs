using System.Globalization;
using System.Text.Json;
using LoadTest.Core;

namespace LoadTest.Import;

/// <summary>
/// Reads Bedrock model invocation log records in the shapes users have: one JSON object per line
/// as S3 delivery writes them, a CloudWatch Logs export line (a timestamp, a space, the JSON), and
/// the JSON printed by `aws logs filter-log-events` (`{"events":[{"message":"..."}]}`).
/// Only counts, identifiers and maxTokens are read; body text is never kept nor echoed.
/// Record fields: https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
/// </summary>
public static class InvocationLogReader
{
    /// <summary>The record type Bedrock writes (`schemaType`).</summary>
    public const string SchemaType = "ModelInvocationLog";

    /// <summary>The `schemaVersion` values this reader understands.</summary>
    public static readonly IReadOnlyList<string> KnownSchemaVersions = ["1.0"];

    /// <summary>Every record of every file under the paths.</summary>
    public static IEnumerable<ImportedInvocation> Read(IEnumerable<string> paths, ReadLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return InputFiles.ReadEach(paths, "--invocation-logs", log, ReadFile, file => $"--invocation-logs: '{file}' has no usable record; expected Bedrock model invocation log records (schemaType {SchemaType}), one JSON object per line, a CloudWatch Logs export (timestamp, space, JSON) or the output of 'aws logs filter-log-events'");
    }

    private static IEnumerable<ImportedInvocation> ReadFile(string file, ReadLog log)
        => JsonDocumentStream.FirstProperty(file) == "events"
            ? InputFiles.ReadDocument(file, "events", "--invocation-logs", "the output of 'aws logs filter-log-events'", log, (element, index) => ParseEvent(element, file, index, log))
            : InputFiles.ReadLines(file, log, (text, line) => ParseLine(text, file, line, log, "line"));

    /// <summary>One element of filter-log-events' events[]: its message is a record line.</summary>
    private static ImportedInvocation? ParseEvent(JsonElement element, string file, long index, ReadLog log)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            return ParseLine(message.GetString()!, file, index, log, "events[" + index + "].message");
        }

        log.Skip(file, index, $"events[{index}] has no string 'message'");
        return null;
    }

    /// <summary>One line: a JSON record, or a CloudWatch Logs export line (timestamp, space, JSON).</summary>
    private static ImportedInvocation? ParseLine(string text, string file, long line, ReadLog log, string where)
    {
        var json = text.AsSpan().TrimStart();
        if (json.Length > 0 && json[0] != '{')
        {
            var space = json.IndexOf(' ');
            if (space < 0 || !DateTimeOffset.TryParse(json[..space], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                log.Skip(file, line, $"{where}: neither a JSON object nor 'timestamp JSON'");
                return null;
            }

            json = json[(space + 1)..];
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToString());
        }
        catch (JsonException)
        {
            log.Skip(file, line, $"{where}: not valid JSON");
            return null;
        }

        using (doc)
        {
            return Parse(doc.RootElement, file, line, log, where);
        }
    }

    private static ImportedInvocation? Parse(JsonElement root, string file, long line, ReadLog log, string where)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            log.Skip(file, line, $"{where}: not a JSON object");
            return null;
        }

        if (Json.String(root, "schemaType") != SchemaType)
        {
            log.Skip(file, line, $"{where}: schemaType is not {SchemaType}");
            return null;
        }

        var version = Json.String(root, "schemaVersion");
        if (version is not null && !KnownSchemaVersions.Contains(version))
        {
            throw new ConfigException($"{file}:{line}: unknown schemaVersion '{version}'; expected {string.Join(" or ", KnownSchemaVersions)}");
        }

        var time = Json.Time(root, "timestamp");
        var region = Json.String(root, "region");
        var modelId = Json.String(root, "modelId");
        if (time is null || region is null || modelId is null)
        {
            log.Skip(file, line, $"{where}: missing timestamp, region or modelId");
            return null;
        }

        long? input = null, cacheRead = null, cacheWrite = null, output = null, maxTokens = null;
        if (root.TryGetProperty("input", out var inputObject) && inputObject.ValueKind == JsonValueKind.Object)
        {
            input = Json.Long(inputObject, "inputTokenCount");
            cacheRead = Json.Long(inputObject, "cacheReadInputTokenCount");
            cacheWrite = Json.Long(inputObject, "cacheWriteInputTokenCount");
            if (inputObject.TryGetProperty("inputBodyJson", out var body))
            {
                maxTokens = MaxTokensOf(body);
            }
        }

        if (root.TryGetProperty("output", out var outputObject) && outputObject.ValueKind == JsonValueKind.Object)
        {
            output = Json.Long(outputObject, "outputTokenCount");
        }

        return new ImportedInvocation(
            time.Value,
            region,
            Json.String(root, "inferenceRegion"),
            Json.String(root, "operation") ?? "",
            modelId,
            input,
            output,
            cacheRead,
            cacheWrite,
            Json.String(root, "requestId"),
            Json.StringMap(root, "requestMetadata"),
            Json.String(root, "errorCode"),
            maxTokens);
    }

    /// <summary>
    /// maxTokens of a request body: Converse's `inferenceConfig.maxTokens`, or `max_tokens` of an
    /// InvokeModel body (Anthropic Messages). Only this number is read from a body.
    /// </summary>
    internal static long? MaxTokensOf(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (body.TryGetProperty("inferenceConfig", out var config) && config.ValueKind == JsonValueKind.Object && Json.Long(config, "maxTokens") is { } converse)
        {
            return converse;
        }

        return Json.Long(body, "max_tokens");
    }
}
