using System.Diagnostics;
using LoadTest.Core.Access;
using LoadTest.Emulator.Admission;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.ControlPlane;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Observability;
using LoadTest.Emulator.Pacing;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LoadTest.Emulator.Pipeline;

/// <summary>
/// The one request handler behind both ports, as a pipeline of stages that each own one concern:
/// routing and validation (<see cref="ModelPath"/>, the model directory and the operation's
/// <see cref="IRequestDecoder"/>), access (<see cref="AccessEnforcement"/>, when IAM policies are set), faults (<see cref="FaultPlan"/>, an injected error answered
/// before admission), admission (<see cref="RequestAdmission"/>: cache, quotas, Regional capacity),
/// generation (<see cref="OutputPlanner"/>), pacing (<see cref="ResponsePacer"/>, which applies the
/// stream faults) and encoding (the operation's <see cref="ResponseEncoder"/>). Operations (and model
/// families) differ only in their entry of the <see cref="OperationTable"/>. Every request ends in the invocation
/// log and, when kept, the timing log.
/// </summary>
internal sealed class BedrockEndpoint
{
    private readonly EmulatorOptions _options;
    private readonly EmulatorClock _clock;
    private readonly ModelDirectory _models;
    private readonly RegionTable _regions;
    private readonly OperationTable _operations;
    private readonly RequestAdmission _admission;
    private readonly OutputPlanner _output;
    private readonly ResponsePacer _responses;
    private readonly InvocationLog _log;
    private readonly TimingLog? _timing;
    private readonly RequestLimits _limits;
    private readonly SignatureVerifier? _signatures;
    private readonly ControlPlaneEndpoint _controlPlane;
    private readonly AccessEnforcement? _access;
    private long _sequence;

    public BedrockEndpoint(EmulatorOptions options, EmulatorClock clock, ModelDirectory models, RegionTable regions, AdmissionController admission, PromptCache cache, InvocationLog log, Timekeeping timekeeping, RequestLimits limits)
    {
        _limits = limits;
        _signatures = options.SigningKeys.Count > 0 ? new SignatureVerifier(options.SigningKeys) : null;
        _access = options.Iam is { } iam ? new AccessEnforcement(iam, options.SourceRegion) : null;
        _options = options;
        _clock = clock;
        _models = models;
        _regions = regions;
        _operations = new OperationTable(options, clock);
        _admission = new RequestAdmission(admission, cache, options.Reservation);
        var latency = new LatencyModel(options, regions);
        _output = new OutputPlanner(latency);
        _responses = new ResponsePacer(clock, latency, options.TokensPerStreamDelta, timekeeping.Pacer, timekeeping.Lateness, timekeeping.Timing, _admission);
        _log = log;
        _timing = timekeeping.Timing;
        _controlPlane = new ControlPlaneEndpoint(new InferenceProfileRegistry(options, models, regions));
    }

    /// <summary>What the endpoint needs to keep time: the pacer, where lateness goes, and the optional timing log.</summary>
    internal sealed record Timekeeping(StreamPacer Pacer, LatenessMeter Lateness, TimingLog? Timing);

    public async Task HandleAsync(HttpContext http)
    {
        var start = _clock.Timestamp;
        var requestId = Guid.NewGuid().ToString();
        if (RequestHeaders.Check(http.Request.Headers, _limits) is { } headers)
        {
            await BedrockResponse.WriteErrorAsync(http, headers, requestId);
            return;
        }

        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "";
        SignatureVerifier.SignedRequest? signed = null;
        if (_signatures?.CheckHeaders(http.Request, raw, _clock.UtcNow, out signed) is { } unsigned)
        {
            await BedrockResponse.WriteErrorAsync(http, unsigned, requestId);
            return;
        }

        if (ControlPlaneEndpoint.Handles(raw))
        {
            await _controlPlane.HandleAsync(http, raw, signed, requestId);
            return;
        }

        if (!HttpMethods.IsPost(http.Request.Method) || !ModelPath.TryParse(raw, out var segment, out var operation))
        {
            var unknown = new BedrockError(404, BedrockErrors.UnknownOperation, "The requested operation is not supported by Bedrock Runtime.");
            await BedrockResponse.WriteErrorAsync(http, unknown, requestId);
            return;
        }

        var model = _models.Find(raw.AsSpan()[segment]);
        if (model is null)
        {
            var shown = Uri.UnescapeDataString(raw[segment]);
            await FailAsync(http, operation, shown, requestId, start, BedrockError.Validation(
                $"The provided model identifier is invalid. (LoadTest emulator: '{shown}' is not a built-in model, listed under models: in scenarios.yaml, or an application inference profile that exists now.)"));
            return;
        }

        if (_operations[model.Family, operation] is not { } codec)
        {
            await FailAsync(http, operation, model.Id, requestId, start, BedrockError.Validation(OperationTable.Unsupported(operation)));
            return;
        }

        if (_access?.Refusal(model, operation, _clock.UtcNow, http.Connection.RemoteIpAddress) is { } denied)
        {
            await FailAsync(http, operation, model.Id, requestId, start, denied);
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

        if (await RequestBody.ReadAsync(http, codec.Decoder, model, inv.Request, _limits, signed) is { } invalid)
        {
            await FailAsync(http, operation, model.Id, requestId, start, invalid);
            return;
        }

        if (codec.Inference)
        {
            await ServeAsync(inv, codec.Encoder);
        }
        else
        {
            await AnswerAtOnceAsync(inv, (JsonResponseEncoder)codec.Encoder);
        }
    }

    private async Task ServeAsync(Invocation inv, ResponseEncoder encoder)
    {
        var model = inv.Model;
        inv.Random = new RequestRandom(_options.Seed, Interlocked.Increment(ref _sequence));
        inv.Faults = FaultPlan.Roll(_options.Faults, model.Id, ref inv.Random);
        if (inv.Faults.ErrorType is { } injected)
        {
            await FailAsync(inv.Http, inv.Operation, model.Id, inv.RequestId, inv.StartTimestamp, BedrockError.Injected(injected), inv.Request.RequestMetadata);
            return;
        }

        var ticket = _admission.TryAdmit(inv, _clock.Seconds);
        if (!ticket.Admitted)
        {
            await FailAsync(inv.Http, inv.Operation, model.Id, inv.RequestId, inv.StartTimestamp, RequestAdmission.Refusal(ticket.Status), inv.Request.RequestMetadata);
            return;
        }

        inv.InferenceRegion = _regions.Name(ticket.Region);
        inv.Waiter = new DeadlineWaiter(inv.Http.RequestAborted);
        _output.Plan(inv, ticket.Region);
        _admission.PlanRelease(inv);

        var outcome = InvocationOutcome.Ok;
        try
        {
            outcome = encoder switch
            {
                EventStreamEncoder stream => await _responses.StreamAsync(inv, stream),
                JsonResponseEncoder whole => await _responses.AnswerAsync(inv, whole),
                _ => throw new UnreachableException(),
            };
        }
        catch (OperationCanceledException) when (inv.Http.RequestAborted.IsCancellationRequested)
        {
            outcome = InvocationOutcome.Cancelled;
        }
        catch (IOException)
        {
            outcome = InvocationOutcome.Cancelled;
        }
        finally
        {
            inv.Waiter.Dispose();
            var consumed = _admission.Complete(inv, ticket, answered: outcome.ErrorCode is null, _clock.Seconds);
            _log.Record(new InvocationRecord(
                _clock.UtcNow,
                inv.Operation.Name(),
                inv.RequestId,
                model.Id,
                inv.InferenceRegion,
                outcome.Status,
                outcome.ErrorCode,
                inv.InputTokens,
                inv.OutputSent,
                inv.Cache.ReadTokens,
                inv.Cache.WriteTokens,
                consumed,
                _clock.MillisecondsSince(inv.StartTimestamp),
                RequestMetadata: inv.Request.RequestMetadata));
            RecordTiming(inv.RequestId, inv.Operation, model.Id, outcome.Status, outcome.ErrorCode, inv.StartTimestamp, inv.HeadersTimestamp, inv);
        }
    }

    /// <summary>CountTokens: answered from the source Region at once, with no faults, quota or latency.</summary>
    private async Task AnswerAtOnceAsync(Invocation inv, JsonResponseEncoder encoder)
    {
        inv.InferenceRegion = _options.SourceRegion;
        await encoder.WriteAsync(inv);
        _log.Record(new InvocationRecord(
            _clock.UtcNow, inv.Operation.Name(), inv.RequestId, inv.Model.Id, _options.SourceRegion, 200, null, 0, 0, 0, 0, 0, _clock.MillisecondsSince(inv.StartTimestamp), RequestMetadata: inv.Request.RequestMetadata));
        RecordTiming(inv.RequestId, inv.Operation, inv.Model.Id, 200, null, inv.StartTimestamp, _clock.Timestamp, null);
    }

    private async Task FailAsync(HttpContext http, BedrockOperation operation, string modelId, string requestId, long start, BedrockError error, Dictionary<string, string>? requestMetadata = null)
    {
        await BedrockResponse.WriteErrorAsync(http, error, requestId);
        _log.Record(new InvocationRecord(
            _clock.UtcNow, operation.Name(), requestId, modelId, null, error.Status, error.Type, 0, 0, 0, 0, 0, _clock.MillisecondsSince(start), error.Message, requestMetadata));
        RecordTiming(requestId, operation, modelId, error.Status, error.Type, start, _clock.Timestamp, null);
    }

    private void RecordTiming(string requestId, BedrockOperation operation, string modelId, int status, string? errorCode, long start, long headers, Invocation? inv)
    {
        if (_timing is null)
        {
            return;
        }

        long? headersUs = headers == 0 ? null : _clock.Micros(headers - start);
        _timing.Record(new TimingRecord(
            requestId, operation.Name(), modelId, status, errorCode, _clock.Micros(start), headersUs, inv?.DueUs, inv?.WrittenUs, inv?.Deltas ?? 0));
    }
}
