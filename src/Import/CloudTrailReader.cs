using System.Text.Json;
using LoadTest.Core;

namespace LoadTest.Import;

/// <summary>
/// Reads Bedrock CloudTrail events: a file `{"Records":[...]}` as S3 delivery writes it, or one
/// event per line. Uses eventTime, eventName, awsRegion, additionalEventData.inferenceRegion
/// (absent = served in the source Region), requestID, errorCode and requestParameters.modelId.
/// Events of other services are passed over (counted, not reported as malformed).
/// Fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
/// </summary>
public static class CloudTrailReader
{
    /// <summary>The eventSource of Bedrock runtime calls.</summary>
    public const string BedrockEventSource = "bedrock.amazonaws.com";

    public static IEnumerable<ImportedInvocation> Read(IEnumerable<string> paths, ReadLog log, ReadProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        return InputFiles.ReadEach(paths, "--cloudtrail", log, progress, ReadFile, file => $"--cloudtrail: '{file}' has no usable Bedrock event; expected CloudTrail records ({{\"Records\":[...]}} or one event per line) with eventSource {BedrockEventSource}");
    }

    private static IEnumerable<ImportedInvocation> ReadFile(string file, ReadLog log, ReadProgress? progress)
        => JsonDocumentStream.FirstProperty(file) == "Records"
            ? InputFiles.ReadDocument(file, "Records", "--cloudtrail", "CloudTrail records {\"Records\":[...]}", log, progress, (element, index) => Parse(element, file, index, log, $"Records[{index}]"))
            : InputFiles.ReadLines(file, log, progress, (text, line) => ParseLine(text, file, line, log));

    private static ImportedInvocation? ParseLine(ReadOnlySpan<byte> text, string file, long line, ReadLog log)
    {
        try
        {
            using var doc = JsonDocument.Parse(text.ToArray());
            return Parse(doc.RootElement, file, line, log, "line");
        }
        catch (JsonException)
        {
            log.Skip(file, line, "line: not valid JSON");
            return null;
        }
    }

    private static ImportedInvocation? Parse(JsonElement root, string file, long line, ReadLog log, string where)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            log.Skip(file, line, $"{where}: not a JSON object");
            return null;
        }

        var source = Json.String(root, "eventSource");
        if (source is not null && source != BedrockEventSource)
        {
            log.Ignore();
            return null;
        }

        var time = Json.Time(root, "eventTime");
        var name = Json.String(root, "eventName");
        var region = Json.String(root, "awsRegion");
        if (time is null || name is null || region is null)
        {
            log.Skip(file, line, $"{where}: missing eventTime, eventName or awsRegion");
            return null;
        }

        string? inferenceRegion = null;
        if (root.TryGetProperty("additionalEventData", out var extra) && extra.ValueKind == JsonValueKind.Object)
        {
            inferenceRegion = Json.String(extra, "inferenceRegion");
        }

        string? modelId = null;
        if (root.TryGetProperty("requestParameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            modelId = Json.String(parameters, "modelId");
        }

        return new ImportedInvocation(
            time.Value,
            region,
            inferenceRegion,
            name,
            modelId ?? "(unknown)",
            null,
            null,
            null,
            null,
            Json.String(root, "requestID"),
            new Dictionary<string, string>(StringComparer.Ordinal),
            Json.String(root, "errorCode"),
            null);
    }
}
