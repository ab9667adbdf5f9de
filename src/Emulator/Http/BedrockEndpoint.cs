using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LoadTest.Core.Quotas;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Admission;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Observability;
using LoadTest.Emulator.Pacing;
using LoadTest.Emulator.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The one request handler behind both ports: parses the raw path, validates like Bedrock,
/// admits against quotas and Regional capacity, waits out the latency model and answers in
/// Bedrock's wire shapes. The operation-specific parts live in the other partial files.
/// </summary>
internal sealed partial class BedrockEndpoint
{
    private const string InferenceRegionHeader = "x-loadtest-inference-region";
    private const string RequestIdHeader = "x-amzn-RequestId";
    private const string ErrorTypeHeader = "x-amzn-ErrorType";

    private readonly EmulatorOptions _options;
    private readonly EmulatorClock _clock;
    private readonly ModelDirectory _models;
    private readonly RegionTable _regions;
    private readonly AdmissionController _admission;
    private readonly PromptCache _cache;
    private readonly LatencyModel _latency;
    private readonly InvocationLog _log;
    private readonly StreamPacer _pacer;
    private readonly LatenessMeter _lateness;
    private readonly TimingLog? _timing;
    private readonly DeltaFrames _converseDeltas;
    private readonly DeltaFrames _invokeDeltas;
    private long _sequence;

    public BedrockEndpoint(EmulatorOptions options, EmulatorClock clock, ModelDirectory models, RegionTable regions, AdmissionController admission, PromptCache cache, InvocationLog log, Timekeeping timekeeping)
    {
        _options = options;
        _clock = clock;
        _models = models;
        _regions = regions;
        _admission = admission;
        _cache = cache;
        _latency = new LatencyModel(options, regions);
        _log = log;
        _pacer = timekeeping.Pacer;
        _lateness = timekeeping.Lateness;
        _timing = timekeeping.Timing;
        var chunk = Math.Max(1, options.TokensPerStreamDelta);
        _converseDeltas = new DeltaFrames(chunk, ConverseDeltaFrame);
        _invokeDeltas = new DeltaFrames(chunk, InvokeDeltaFrame);
    }

    /// <summary>What the endpoint needs to keep time: the pacer, where lateness goes, and the optional timing log.</summary>
    internal sealed record Timekeeping(StreamPacer Pacer, LatenessMeter Lateness, TimingLog? Timing);

    public async Task HandleAsync(HttpContext http)
    {
        var start = _clock.Timestamp;
        var requestId = Guid.NewGuid().ToString();
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(http.Request.Method) || !ModelPath.TryParse(raw, out var segment, out var operation))
        {
            await WriteErrorAsync(http, 404, BedrockErrors.UnknownOperation, "The requested operation is not supported by Bedrock Runtime.", requestId);
            return;
        }

        var model = _models.Find(raw.AsSpan()[segment]);
        if (model is null)
        {
            var shown = Uri.UnescapeDataString(raw[segment]);
            await FailAsync(http, operation, shown, requestId, start, 400, BedrockErrors.Validation,
                $"The provided model identifier is invalid. (LoadTest emulator: '{shown}' is neither a built-in model nor listed under models: in scenarios.yaml.)");
            return;
        }

        var inv = new Invocation
        {
            Http = http,
            Model = model,
            Operation = operation,
            RequestId = requestId,
            StartTimestamp = start,
        };

        string? invalid;
        try
        {
            invalid = operation switch
            {
                BedrockOperation.Converse or BedrockOperation.ConverseStream => await ReadConverseAsync(inv),
                BedrockOperation.InvokeModel or BedrockOperation.InvokeModelWithResponseStream => await ReadInvokeAsync(inv),
                _ => await ReadCountTokensAsync(inv),
            };
        }
        catch (JsonException e)
        {
            invalid = $"Malformed input request: {Summarize(e)}, please reformat your input and try again.";
        }

        if (invalid is not null)
        {
            await FailAsync(http, operation, model.Id, requestId, start, 400, BedrockErrors.Validation, invalid);
            return;
        }

        if (operation == BedrockOperation.CountTokens)
        {
            await AnswerCountTokensAsync(inv);
            return;
        }

        await ServeAsync(inv);
    }

    private async Task ServeAsync(Invocation inv)
    {
        var model = inv.Model;
        inv.Random = new RequestRandom(_options.Seed, Interlocked.Increment(ref _sequence));
        inv.Faults = FaultPlan.Roll(_options.Faults, model.Id, ref inv.Random);
        if (inv.Faults.ErrorType is { } injected)
        {
            await FailAsync(inv.Http, inv.Operation, model.Id, inv.RequestId, inv.StartTimestamp, BedrockErrors.Status(injected), injected, BedrockErrors.MessageFor(injected));
            return;
        }

        var now = _clock.Seconds;
        inv.Cache = _cache.Evaluate(model.Id, inv.Scan.Prefixes, now);
        inv.InputTokens = Math.Max(0, inv.Scan.Tokens - inv.Cache.ReadTokens - inv.Cache.WriteTokens);
        var reserved = QuotaCost.Reserved(inv.InputTokens, inv.Cache.WriteTokens, inv.MaxTokens, model.Burndown, _options.Reservation);
        var ticket = _admission.TryAdmit(model, reserved, now);
        if (!ticket.Admitted)
        {
            var (status, type, message) = ticket.Status switch
            {
                AdmissionStatus.TooManyRequests => (429, BedrockErrors.Throttling, BedrockErrors.TooManyRequests),
                AdmissionStatus.TooManyTokens => (429, BedrockErrors.Throttling, BedrockErrors.TooManyTokens),
                _ => (503, BedrockErrors.ServiceUnavailable, BedrockErrors.Unavailable),
            };
            await FailAsync(inv.Http, inv.Operation, model.Id, inv.RequestId, inv.StartTimestamp, status, type, message);
            return;
        }

        inv.InferenceRegion = _regions.Name(ticket.Region);
        inv.Waiter = new DeadlineWaiter(inv.Http.RequestAborted);
        var steered = inv.Scan.SteeredOutputTokens;
        var wanted = steered ?? model.Output.Sample(ref inv.Random);
        wanted = Math.Max(1, wanted);
        inv.OutputTokens = Math.Min(wanted, inv.MaxTokens);
        inv.StopReason = wanted > inv.MaxTokens ? StopReasons.MaxTokens : StopReasons.EndTurn;
        inv.FirstToken = _latency.FirstToken(model, inv.Scan.Tokens, ticket.Region, ref inv.Random);

        string? errorCode = null;
        var status2 = 200;
        try
        {
            (status2, errorCode) = inv.Operation switch
            {
                BedrockOperation.Converse => await AnswerConverseAsync(inv),
                BedrockOperation.ConverseStream => await StreamConverseAsync(inv),
                BedrockOperation.InvokeModel => await AnswerInvokeAsync(inv),
                _ => await StreamInvokeAsync(inv),
            };
        }
        catch (OperationCanceledException) when (inv.Http.RequestAborted.IsCancellationRequested)
        {
            (status2, errorCode) = (499, "RequestCancelled");
        }
        catch (IOException)
        {
            (status2, errorCode) = (499, "RequestCancelled");
        }
        finally
        {
            inv.Waiter.Dispose();
            var consumed = QuotaCost.Consumed(inv.InputTokens, inv.Cache.WriteTokens, inv.OutputSent, model.Burndown);
            var end = _clock.Seconds;
            _admission.Complete(ticket, consumed, end);
            if (errorCode is null && inv.CacheUsed)
            {
                _cache.Remember(model.Id, inv.Scan.Prefixes, end);
            }

            _log.Record(new InvocationRecord(
                _clock.UtcNow,
                ModelPath.EventName(inv.Operation),
                inv.RequestId,
                model.Id,
                inv.InferenceRegion,
                status2,
                errorCode,
                inv.InputTokens,
                inv.OutputSent,
                inv.Cache.ReadTokens,
                inv.Cache.WriteTokens,
                consumed,
                _clock.MillisecondsSince(inv.StartTimestamp)));
            RecordTiming(inv.RequestId, inv.Operation, model.Id, status2, errorCode, inv.StartTimestamp, inv.HeadersTimestamp, inv);
        }
    }

    /// <summary>Waits until <paramref name="offset"/> after the request arrived: an absolute deadline, so no wait adds to another.</summary>
    private ValueTask WaitUntilAsync(Invocation inv, TimeSpan offset)
        => _pacer.WaitUntilAsync(inv.Waiter!, inv.StartTimestamp + _clock.TicksOf(offset), inv.Http.RequestAborted);

    private void RecordTiming(string requestId, BedrockOperation operation, string modelId, int status, string? errorCode, long start, long headers, Invocation? inv)
    {
        if (_timing is null)
        {
            return;
        }

        long? headersUs = headers == 0 ? null : _clock.Micros(headers - start);
        _timing.Record(new TimingRecord(
            requestId, ModelPath.EventName(operation), modelId, status, errorCode, _clock.Micros(start), headersUs, inv?.DueUs, inv?.WrittenUs, inv?.Deltas ?? 0));
    }

    private long ElapsedMs(long since) => (long)Math.Round(_clock.MillisecondsSince(since));

    private void SetSuccessHeaders(Invocation inv, string contentType)
    {
        var response = inv.Http.Response;
        response.StatusCode = 200;
        response.ContentType = contentType;
        var headers = response.Headers;
        headers[RequestIdHeader] = inv.RequestId;
        headers[InferenceRegionHeader] = inv.InferenceRegion;
    }

    private async Task FailAsync(HttpContext http, BedrockOperation operation, string modelId, string requestId, long start, int status, string type, string message)
    {
        await WriteErrorAsync(http, status, type, message, requestId);
        _log.Record(new InvocationRecord(
            _clock.UtcNow, ModelPath.EventName(operation), requestId, modelId, null, status, type, 0, 0, 0, 0, 0, _clock.MillisecondsSince(start)));
        RecordTiming(requestId, operation, modelId, status, type, start, _clock.Timestamp, null);
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string type, string message, string requestId)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers[ErrorTypeHeader] = type;
        response.Headers[RequestIdHeader] = requestId;
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody { Message = message }, BedrockJsonContext.Default.ErrorBody);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    private static Task WriteJsonAsync<T>(HttpContext http, T value, JsonTypeInfo<T> type)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, type);
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    /// <summary>Reads the whole body and deserializes it without copying it into one array.</summary>
    private static async ValueTask<T?> ReadJsonAsync<T>(HttpContext http, JsonTypeInfo<T> type)
        where T : class
    {
        var reader = http.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted);
            if (result.IsCompleted)
            {
                try
                {
                    return Deserialize(result.Buffer, type);
                }
                finally
                {
                    reader.AdvanceTo(result.Buffer.End);
                }
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static T? Deserialize<T>(ReadOnlySequence<byte> buffer, JsonTypeInfo<T> type)
    {
        var json = new Utf8JsonReader(buffer);
        return JsonSerializer.Deserialize(ref json, type);
    }

    private static string Summarize(JsonException e)
    {
        if (e.Path is { Length: > 0 } path)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the body is not valid JSON for this operation at {path} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        return e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"the body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})")
            : "the body is not valid JSON";
    }
}
