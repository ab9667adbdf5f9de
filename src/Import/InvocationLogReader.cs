using System.Globalization;
using System.Text;
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

    /// <summary>Every record of every file under the paths, in file order (files are read in parallel).</summary>
    public static IEnumerable<ImportedInvocation> Read(IEnumerable<string> paths, ReadLog log, ReadProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        return InputFiles.ReadEach(paths, "--invocation-logs", log, progress, ReadFile, file => $"--invocation-logs: '{file}' has no usable record; expected Bedrock model invocation log records (schemaType {SchemaType}), one JSON object per line, a CloudWatch Logs export (timestamp, space, JSON) or the output of 'aws logs filter-log-events'");
    }

    private static IEnumerable<ImportedInvocation> ReadFile(string file, ReadLog log, ReadProgress? progress)
    {
        var strings = new StringPool();
        return JsonDocumentStream.FirstProperty(file) == "events"
            ? InputFiles.ReadDocument(file, "events", "--invocation-logs", "the output of 'aws logs filter-log-events'", log, progress, (element, index) => ParseEvent(element, file, index, log, strings))
            : InputFiles.ReadLines(file, log, progress, (text, line) => ParseLine(text, file, line, log, "line", strings));
    }

    /// <summary>One element of filter-log-events' events[]: its message is a record line.</summary>
    private static ImportedInvocation? ParseEvent(JsonElement element, string file, long index, ReadLog log, StringPool strings)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            return ParseLine(Encoding.UTF8.GetBytes(message.GetString()!).AsSpan().Trim(" \t\r\n"u8), file, index, log, "events[" + index + "].message", strings);
        }

        log.Skip(file, index, $"events[{index}] has no string 'message'");
        return null;
    }

    /// <summary>One line: a JSON record, or a CloudWatch Logs export line (timestamp, space, JSON).</summary>
    internal static ImportedInvocation? ParseLine(ReadOnlySpan<byte> text, string file, long line, ReadLog log, string where, StringPool strings)
    {
        var json = text;
        if (json.Length > 0 && json[0] != (byte)'{')
        {
            var space = json.IndexOf((byte)' ');
            if (space < 0 || !IsTime(json[..space]))
            {
                log.Skip(file, line, $"{where}: neither a JSON object nor 'timestamp JSON'");
                return null;
            }

            json = json[(space + 1)..];
        }

        var record = default(LogRecord);
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read())
            {
                throw new JsonException("empty");
            }

            var isObject = reader.TokenType == JsonTokenType.StartObject;
            if (isObject)
            {
                record.ReadRoot(ref reader, strings);
            }
            else
            {
                reader.Skip();
            }

            // One value per line, as JsonDocument.Parse requires: anything after it is not valid JSON.
            if (reader.Read())
            {
                throw new JsonException("more than one value");
            }

            if (!isObject)
            {
                log.Skip(file, line, $"{where}: not a JSON object");
                return null;
            }
        }
        catch (JsonException)
        {
            log.Skip(file, line, $"{where}: not valid JSON");
            return null;
        }

        return record.ToInvocation(file, line, log, where);
    }

    private static bool IsTime(ReadOnlySpan<byte> text)
    {
        Span<char> chars = stackalloc char[64];
        return text.Length <= chars.Length
            && Encoding.UTF8.TryGetChars(text, chars, out var n)
            && DateTimeOffset.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    /// <summary>
    /// The fields of one record, read in one forward pass over its bytes. Body text is passed
    /// over by the reader (validated, never decoded into a string); only maxTokens is read from a
    /// request body. A property given twice counts as its last value, as with JsonDocument.
    /// </summary>
    private struct LogRecord
    {
        private bool _schemaType;
        private bool _knownVersion;
        private string? _version;
        private DateTimeOffset? _time;
        private string? _region;
        private string? _inferenceRegion;
        private string? _operation;
        private string? _modelId;
        private string? _requestId;
        private string? _errorCode;
        private Dictionary<string, string>? _metadata;
        private long? _input;
        private long? _cacheRead;
        private long? _cacheWrite;
        private long? _output;
        private long? _maxTokens;

        /// <summary>Reads the top-level object the reader is on, to its end.</summary>
        private enum Field
        {
            Other,
            Input,
            Output,
            SchemaType,
            SchemaVersion,
            Timestamp,
            Region,
            InferenceRegion,
            Operation,
            ModelId,
            RequestId,
            ErrorCode,
            RequestMetadata,
        }

        public void ReadRoot(ref Utf8JsonReader reader, StringPool strings)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldOf(ref reader);
                reader.Read();
                switch (field)
                {
                    case Field.Input: ReadInput(ref reader); break;
                    case Field.Output: _output = LongIn(ref reader, "outputTokenCount"u8); break;
                    case Field.SchemaType: _schemaType = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(SchemaType); break;
                    case Field.SchemaVersion:
                        _knownVersion = reader.TokenType != JsonTokenType.String || KnownVersion(ref reader);
                        _version = _knownVersion ? null : reader.GetString();
                        break;
                    case Field.Timestamp: _time = Time(ref reader); break;
                    case Field.Region: _region = String(ref reader, strings); break;
                    case Field.InferenceRegion: _inferenceRegion = String(ref reader, strings); break;
                    case Field.Operation: _operation = String(ref reader, strings); break;
                    case Field.ModelId: _modelId = String(ref reader, strings); break;
                    case Field.RequestId: _requestId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; break;
                    case Field.ErrorCode: _errorCode = String(ref reader, strings); break;
                    case Field.RequestMetadata: ReadMetadata(ref reader, strings); break;
                    default: reader.Skip(); break;
                }
            }
        }

        /// <summary>Which field the property name the reader is on names; the two large objects first.</summary>
        private static Field FieldOf(ref Utf8JsonReader reader)
            => reader.ValueTextEquals("input"u8) ? Field.Input
            : reader.ValueTextEquals("output"u8) ? Field.Output
            : reader.ValueTextEquals("schemaType"u8) ? Field.SchemaType
            : reader.ValueTextEquals("schemaVersion"u8) ? Field.SchemaVersion
            : reader.ValueTextEquals("timestamp"u8) ? Field.Timestamp
            : reader.ValueTextEquals("region"u8) ? Field.Region
            : reader.ValueTextEquals("inferenceRegion"u8) ? Field.InferenceRegion
            : reader.ValueTextEquals("operation"u8) ? Field.Operation
            : reader.ValueTextEquals("modelId"u8) ? Field.ModelId
            : reader.ValueTextEquals("requestId"u8) ? Field.RequestId
            : reader.ValueTextEquals("errorCode"u8) ? Field.ErrorCode
            : reader.ValueTextEquals("requestMetadata"u8) ? Field.RequestMetadata
            : Field.Other;

        public readonly ImportedInvocation? ToInvocation(string file, long line, ReadLog log, string where)
        {
            if (!_schemaType)
            {
                log.Skip(file, line, $"{where}: schemaType is not {SchemaType}");
                return null;
            }

            if (!_knownVersion && _version is not null)
            {
                throw new ConfigException($"{file}:{line}: unknown schemaVersion '{_version}'; expected {string.Join(" or ", KnownSchemaVersions)}");
            }

            if (_time is null || _region is null || _modelId is null)
            {
                log.Skip(file, line, $"{where}: missing timestamp, region or modelId");
                return null;
            }

            return new ImportedInvocation(
                _time.Value,
                _region,
                _inferenceRegion,
                _operation ?? "",
                _modelId,
                _input,
                _output,
                _cacheRead,
                _cacheWrite,
                _requestId,
                _metadata ?? (IReadOnlyDictionary<string, string>)Json.EmptyMap,
                _errorCode,
                _maxTokens);
        }

        private void ReadInput(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                _input = _cacheRead = _cacheWrite = _maxTokens = null;
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("inputBodyJson"u8))
                {
                    reader.Read();
                    _maxTokens = MaxTokens(ref reader);
                }
                else if (reader.ValueTextEquals("inputTokenCount"u8))
                {
                    reader.Read();
                    _input = Long(ref reader);
                }
                else if (reader.ValueTextEquals("cacheReadInputTokenCount"u8))
                {
                    reader.Read();
                    _cacheRead = Long(ref reader);
                }
                else if (reader.ValueTextEquals("cacheWriteInputTokenCount"u8))
                {
                    reader.Read();
                    _cacheWrite = Long(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private void ReadMetadata(ref Utf8JsonReader reader, StringPool strings)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                _metadata = null;
                return;
            }

            _metadata = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = strings.Get(ref reader);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    _metadata ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    _metadata[key] = strings.Get(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        private static bool KnownVersion(ref Utf8JsonReader reader)
        {
            foreach (var known in KnownSchemaVersions)
            {
                if (reader.ValueTextEquals(known))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? String(ref Utf8JsonReader reader, StringPool strings)
            => reader.TokenType == JsonTokenType.String ? strings.Get(ref reader) : null;

        private static long? Long(ref Utf8JsonReader reader)
            => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;

        /// <summary>The whole-number property <paramref name="name"/> of the object the reader is on (read to its end); null when absent or not an object.</summary>
        private static long? LongIn(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }

            long? value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var wanted = reader.ValueTextEquals(name);
                reader.Read();
                if (wanted)
                {
                    value = Long(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return value;
        }

        /// <summary>An ISO 8601 UTC time straight from the bytes; any other form as <see cref="Json.TryTime"/> reads it.</summary>
        private static DateTimeOffset? Time(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            if (!reader.ValueIsEscaped && reader.ValueSpan is [.., (byte)'Z'] && reader.TryGetDateTimeOffset(out var utc))
            {
                return utc.ToUniversalTime();
            }

            return Json.TryTime(reader.GetString()!, out var time) ? time : null;
        }

        /// <summary>
        /// maxTokens of a request body: Converse's `inferenceConfig.maxTokens`, else `max_tokens` of
        /// an InvokeModel body (Anthropic Messages). Only this number is read from a body.
        /// </summary>
        private static long? MaxTokens(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }

            long? converse = null, messages = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("inferenceConfig"u8))
                {
                    reader.Read();
                    converse = LongIn(ref reader, "maxTokens"u8);
                }
                else if (reader.ValueTextEquals("max_tokens"u8))
                {
                    reader.Read();
                    messages = Long(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return converse ?? messages;
        }
    }
}
