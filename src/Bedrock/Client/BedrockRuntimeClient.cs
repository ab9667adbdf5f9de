using LoadTest.Core;
using LoadTest.Core.Access;
using LoadTest.Core.Errors;
using LoadTest.Core.Retry;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.EventStreams;
using LoadTest.Bedrock.Client.Internal;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client;

/// <summary>
/// A thin Bedrock Runtime client on AWSSDK.Core's pipeline: signing, credentials and the
/// standard/adaptive retry modes are the SDK's own. Thread-safe; share one instance per target.
/// Every call gets its own <see cref="CallReport"/> (attempts seen in the SDK pipeline, TTFB,
/// TTFT, usage, request id); failures are <see cref="BedrockServiceException"/>.
/// </summary>
public sealed class BedrockRuntimeClient : IDisposable
{
    /// <summary>Key id used to sign requests to a loopback endpoint when no credentials resolve (the emulator does not check signatures).</summary>
    public const string EmulatorAccessKeyId = "AKIDLOADTESTEMULATOR";

    private const string EmulatorSecretKey = "loadtest-emulator-dummy-secret-key";

    private readonly BedrockServiceClient _sdk;
    private readonly TimeProvider _time;
    private readonly long _origin;

    /// <summary>A non-dotnet SDK's retry profile, shared by every call of this client; null = AWSSDK.Core retries.</summary>
    private readonly RetryProfile? _profile;

    /// <summary>
    /// The retry rules AWSSDK.Core runs in this process (the dotnet profile): always the 2026 rules.
    /// AWSSDK.Core 4.1.0 made them the only behaviour and no longer reads AWS_NEW_RETRIES_2026
    /// (4.0.x ran them only with that variable set; without it, adaptive mode's token bucket did not
    /// refill while a request waited, so almost every waiting request failed after its 15 tries).
    /// docs/BENCHMARKS.md, "AWSSDK.Core 4.0.102.19 → 4.1.0: retry modes", has the comparison.
    /// </summary>
    public static RetryBehaviour DotnetRetryRules => RetryBehaviour.Retries2026;

    public BedrockRuntimeClient(BedrockClientOptions options)
        : this(options, TimeProvider.System)
    {
    }

    public BedrockRuntimeClient(BedrockClientOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxAttempts, "MaxAttempts must be at least 1.");
        }

        if (options.FastFail && options.RetryMode != RetryMode.Adaptive)
        {
            throw new ArgumentException("FastFail applies to the adaptive retry mode only (it is the adaptive rate limiter's setting).", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "Timeout must be positive.");
        }

        Options = options;
        _time = timeProvider;
        _origin = timeProvider.GetTimestamp();
        Endpoint = ResolveEndpoint(options);
        if (options.Sdk != SdkFamily.Dotnet)
        {
            _profile = RetryProfiles.Create(new RetryProfileSettings(options.Sdk, options.RetryMode, options.MaxAttempts, options.RetryRules, options.FastFail), Now);
        }

        // Under another SDK's profile the pipeline makes exactly one attempt per send: the profile retries.
        var sdkRetries = _profile is null;

        var config = new BedrockRuntimeConfig
        {
            ServiceURL = Endpoint.AbsoluteUri,
            AuthenticationRegion = options.Region,

            // Endpoint variables were already applied above, in the documented order.
            IgnoreConfiguredEndpointUrls = true,
            RetryMode = sdkRetries && options.RetryMode == RetryMode.Adaptive ? RequestRetryMode.Adaptive : RequestRetryMode.Standard,
            MaxErrorRetry = !sdkRetries || options.RetryMode == RetryMode.None ? 0 : options.MaxAttempts - 1,
            Timeout = options.Timeout,
            MaxConnectionsPerServer = options.MaxConnections,
            FastFailRequests = sdkRetries && options.FastFail,
        };

        var credentials = options.Credentials;
        if (credentials is null && Endpoint.IsLoopback)
        {
            credentials = TryDefaultCredentials(config) ?? new BasicAWSCredentials(EmulatorAccessKeyId, EmulatorSecretKey);
        }

        _sdk = credentials is null ? new BedrockServiceClient(config) : new BedrockServiceClient(credentials, config);
    }

    public BedrockClientOptions Options { get; }

    /// <summary>The retry profile wrapping each call (null: AWSSDK.Core's own retries, the dotnet profile).</summary>
    public RetryProfile? RetryProfile => _profile;

    /// <summary>The endpoint requests go to, after ServiceUrl / environment / regional default resolution.</summary>
    public Uri Endpoint { get; }

    public async Task<BedrockResult<ConverseResponse>> ConverseAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.ConverseRequest);
        var call = NewCall(BedrockOperation.Converse, modelId, body);
        var response = await SendAsync(call, cancellationToken);
        var result = await ReadBodyAsync(call, response, static body => JsonSerializer.Deserialize(body, BedrockJsonContext.Default.ConverseResponse), cancellationToken);
        if (result is null)
        {
            throw Failure(call, ErrorCodes.MalformedResponse, "The Converse response body was empty.", null);
        }

        CompleteNonStreaming(call);
        call.Report.Usage = result.Usage;
        call.Report.StopReason = result.StopReason;
        TallyConverse(result, call.Report);
        return new BedrockResult<ConverseResponse>(result, call.Report);
    }

    public async Task<BedrockStream<ConverseStreamEvent>> ConverseStreamAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.ConverseRequest);
        var call = NewCall(BedrockOperation.ConverseStream, modelId, body);
        var response = await SendAsync(call, cancellationToken);
        var decoder = new ConverseStreamDecoder(this, call, response);
        return new BedrockStream<ConverseStreamEvent>(call.Report, decoder.Events, decoder.ReadToEndAsync, decoder.DisposeAsync);
    }

    public async Task<BedrockResult<InvokeModelResponse>> InvokeModelAsync(string modelId, ReadOnlyMemory<byte> body, string contentType = "application/json", string accept = "application/json", CancellationToken cancellationToken = default)
    {
        var call = NewCall(BedrockOperation.InvokeModel, modelId, body);
        call.SetHeader("Content-Type", contentType);
        call.SetHeader("Accept", accept);
        var response = await SendAsync(call, cancellationToken);
        var bytes = await ReadBodyAsync(call, response, static body => body.ToArray(), cancellationToken);
        CompleteNonStreaming(call);

        var result = new InvokeModelResponse(
            bytes,
            response.Header("Content-Type"),
            IntHeader(response, "X-Amzn-Bedrock-Input-Token-Count"),
            IntHeader(response, "X-Amzn-Bedrock-Output-Token-Count"),
            long.TryParse(response.Header("X-Amzn-Bedrock-Invocation-Latency"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var latency) ? latency : null);
        var cacheRead = IntHeader(response, "X-Amzn-Bedrock-Cache-Read-Input-Token-Count");
        var cacheWrite = IntHeader(response, "X-Amzn-Bedrock-Cache-Write-Input-Token-Count");
        if (result.InputTokenCount is { } input && result.OutputTokenCount is { } output)
        {
            call.Report.Usage = InvokeStreamDecoder.Usage(input, output, cacheRead, cacheWrite);
        }

        var tally = new AnswerTally(call.Report);
        AnswerBody.Inspect(bytes, call.Report, tally);
        tally.Complete();
        return new BedrockResult<InvokeModelResponse>(result, call.Report);
    }

    /// <summary>InvokeModel with a Claude body (thinking, tools and multi-turn included).</summary>
    public Task<BedrockResult<InvokeModelResponse>> InvokeModelAsync(string modelId, AnthropicRequest request, CancellationToken cancellationToken = default)
        => InvokeModelAsync(modelId, JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.AnthropicRequest), cancellationToken: cancellationToken);

    /// <summary>InvokeModel with Amazon Nova's own body.</summary>
    public Task<BedrockResult<InvokeModelResponse>> InvokeModelAsync(string modelId, NovaRequest request, CancellationToken cancellationToken = default)
        => InvokeModelAsync(modelId, JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.NovaRequest), cancellationToken: cancellationToken);

    /// <summary>
    /// InvokeModel with a Cohere Embed body. The report says how many vectors of what dimension
    /// came back (<see cref="CallReport.EmbeddingCount"/>, <see cref="CallReport.EmbeddingDimension"/>)
    /// and the input tokens (from X-Amzn-Bedrock-Input-Token-Count); the vectors are in the body.
    /// </summary>
    public Task<BedrockResult<InvokeModelResponse>> InvokeModelAsync(string modelId, CohereEmbedRequest request, CancellationToken cancellationToken = default)
        => InvokeModelAsync(modelId, JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.CohereEmbedRequest), accept: "*/*", cancellationToken: cancellationToken);

    public async Task<BedrockStream<ResponseStreamEvent>> InvokeModelWithResponseStreamAsync(string modelId, ReadOnlyMemory<byte> body, string contentType = "application/json", string accept = "application/json", CancellationToken cancellationToken = default)
    {
        var call = NewCall(BedrockOperation.InvokeModelWithResponseStream, modelId, body);
        call.SetHeader("Content-Type", contentType);
        call.SetHeader("X-Amzn-Bedrock-Accept", accept);
        call.SetHeader("Accept", "application/vnd.amazon.eventstream");
        var response = await SendAsync(call, cancellationToken);
        var decoder = new InvokeStreamDecoder(this, call, response);
        return new BedrockStream<ResponseStreamEvent>(call.Report, decoder.Events, decoder.ReadToEndAsync, decoder.DisposeAsync);
    }

    /// <summary>InvokeModelWithResponseStream with a Claude body.</summary>
    public Task<BedrockStream<ResponseStreamEvent>> InvokeModelWithResponseStreamAsync(string modelId, AnthropicRequest request, CancellationToken cancellationToken = default)
        => InvokeModelWithResponseStreamAsync(modelId, JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.AnthropicRequest), cancellationToken: cancellationToken);

    /// <summary>InvokeModelWithResponseStream with Amazon Nova's own body.</summary>
    public Task<BedrockStream<ResponseStreamEvent>> InvokeModelWithResponseStreamAsync(string modelId, NovaRequest request, CancellationToken cancellationToken = default)
        => InvokeModelWithResponseStreamAsync(modelId, JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.NovaRequest), cancellationToken: cancellationToken);

    public async Task<BedrockResult<CountTokensResponse>> CountTokensAsync(string modelId, CountTokensRequest request, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.CountTokensRequest);
        var call = NewCall(BedrockOperation.CountTokens, modelId, body);
        var response = await SendAsync(call, cancellationToken);
        var result = await ReadBodyAsync(call, response, static body => JsonSerializer.Deserialize(body, BedrockJsonContext.Default.CountTokensResponse), cancellationToken);
        if (result is null)
        {
            throw Failure(call, ErrorCodes.MalformedResponse, "The CountTokens response body was empty.", null);
        }

        CompleteNonStreaming(call);
        return new BedrockResult<CountTokensResponse>(result, call.Report);
    }

    public void Dispose() => _sdk.Dispose();

    /// <summary>The SDK pipeline's handlers, outermost first (diagnostics and tests).</summary>
    internal IReadOnlyList<string> PipelineHandlers() => _sdk.HandlerNames().ToList();

    internal BedrockServiceException Failure(BedrockOperationRequest call, string errorCode, string message, Exception? inner, int? statusCode = null, bool midStream = false, int outputTokensSoFar = 0)
    {
        call.Report.Duration ??= call.SinceStart();
        return new BedrockServiceException(call.Operation.Name(), call.ModelId, errorCode, statusCode, call.Report.RequestId, message, call.Report, midStream, inner)
        {
            OutputTokensSoFar = outputTokensSoFar,
        };
    }

    /// <summary>Turns what the body read threw into the client's one exception type; caller cancellation passes through.</summary>
    internal Exception TranslateBodyFailure(BedrockOperationRequest call, Exception exception, bool midStream, int outputTokensSoFar, CancellationToken cancellationToken)
    {
        if (exception is BedrockServiceException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return exception;
        }

        var code = exception switch
        {
            EventStreamCorruptException => ErrorCodes.EventStreamCorrupt,
            EndOfStreamException => ErrorCodes.ConnectionError,
            JsonException or FormatException => ErrorCodes.MalformedResponse,
            _ => TransportErrors.Classify(exception, cancellationToken),
        };
        return Failure(call, code, exception.Message, exception, midStream: midStream, outputTokensSoFar: outputTokensSoFar);
    }

    internal TimeSpan IdleTimeout => Options.Timeout;

    private static int? IntHeader(RawBedrockResponse response, string name)
        => int.TryParse(response.Header(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static Uri ResolveEndpoint(BedrockClientOptions options)
    {
        if (options.ServiceUrl is { } explicitUrl)
        {
            return explicitUrl;
        }

        foreach (var variable in new[] { "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var fromEnvironment)
                    ? fromEnvironment
                    : throw new ArgumentException($"{variable} is not an absolute URL: '{value}'.", nameof(options));
            }
        }

        return new Uri($"https://bedrock-runtime.{options.Region}.amazonaws.com");
    }

    private static AWSCredentials? TryDefaultCredentials(BedrockRuntimeConfig config)
    {
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    private BedrockOperationRequest NewCall(BedrockOperation operation, string modelId, ReadOnlyMemory<byte> body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var start = _time.GetTimestamp();
        return new BedrockOperationRequest(operation, modelId, body, new CallReport { StartTimestamp = start }, _time, start);
    }

    private double Now => _time.GetElapsedTime(_origin).TotalSeconds;

    private Task<RawBedrockResponse> SendAsync(BedrockOperationRequest call, CancellationToken cancellationToken)
        => _profile is null ? SendOnceAsync(call, cancellationToken) : SendWithProfileAsync(_profile, call, cancellationToken);

    /// <summary>
    /// Another SDK's retry loop around single-attempt sends: its client-side limiter before each
    /// attempt, its retry decision and backoff after each failure. Only the response headers are
    /// retried, as every SDK does: a stream that fails after it started is the caller's failure.
    /// </summary>
    private async Task<RawBedrockResponse> SendWithProfileAsync(RetryProfile profile, BedrockOperationRequest call, CancellationToken cancellationToken)
    {
        var state = profile.StartCall();
        call.Report.LimiterWait = TimeSpan.Zero;
        call.Report.BackoffWait = TimeSpan.Zero;
        while (true)
        {
            await AcquireSendAsync(profile, state, call, cancellationToken);
            state.CountAttempt();
            call.LastRetryAfter = null;
            try
            {
                var response = await SendOnceAsync(call, cancellationToken);
                profile.AfterSuccess(state, Now);
                return response;
            }
            catch (BedrockServiceException e) when (!cancellationToken.IsCancellationRequested)
            {
                var decision = profile.AfterFailure(state, FailureOf(e) with { RetryAfterSeconds = call.LastRetryAfter?.TotalSeconds }, Now);
                if (!decision.Retry)
                {
                    throw decision.Render(e.Operation, e.ServiceMessage) is { } message
                        ? new BedrockServiceException(e.Operation, e.ModelId, e.ErrorCode, e.StatusCode, e.RequestId, message, e.Report, e.MidStream, e.InnerException)
                        : e;
                }

                // The failed attempt's end is not the call's: the next attempt decides it.
                call.Report.Duration = null;
                var delay = TimeSpan.FromSeconds(Math.Max(0, decision.DelaySeconds));
                call.Report.BackoffWait += delay;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
            }
        }
    }

    private async Task AcquireSendAsync(RetryProfile profile, RetryCallState state, BedrockOperationRequest call, CancellationToken cancellationToken)
    {
        for (var waits = 0; ; waits++)
        {
            var decision = profile.BeforeAttempt(state, Now, waits);
            switch (decision.Action)
            {
                case LimiterAction.Send:
                    return;
                case LimiterAction.Refuse:
                    var attempts = state.Attempts;
                    var before = attempts == 0
                        ? "before the first HTTP attempt: nothing was sent"
                        : string.Create(CultureInfo.InvariantCulture, $"before retry {attempts + 1}, after {attempts} HTTP attempt{(attempts == 1 ? "" : "s")}");
                    throw Failure(call, decision.RefusalCode ?? BedrockClientErrorCodes.ClientRateLimited, $"refused by the {SdkFamilyText.ToText(profile.Settings.Sdk)} client-side rate limiter {before}: {decision.RefusalMessage}", null);
                default:
                    var wait = TimeSpan.FromSeconds(Math.Max(0, decision.WaitSeconds));
                    var started = _time.GetTimestamp();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken);
                    }

                    var waited = _time.GetElapsedTime(started);
                    call.Report.LimiterWait += waited;
                    break;
            }
        }
    }

    /// <summary>A failed attempt as retry rules see it: a service error, a timeout, a broken connection, or a client-side failure (never retried).</summary>
    internal static AttemptFailure FailureOf(BedrockServiceException e) => e switch
    {
        { StatusCode: { } status } => AttemptFailure.Service(e.ErrorCode, status),
        { ErrorCode: BedrockClientErrorCodes.Timeout } => AttemptFailure.TimedOut(e.ErrorCode),
        { ErrorCode: BedrockClientErrorCodes.ConnectionError } => AttemptFailure.ConnectionFailed(e.ErrorCode),
        _ => new AttemptFailure(FailureKind.Client, e.ErrorCode, null),
    };

    private async Task<RawBedrockResponse> SendOnceAsync(BedrockOperationRequest call, CancellationToken cancellationToken)
    {
        try
        {
            return await _sdk.SendAsync(call, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AmazonServiceException e) when (SdkFailures.IsBedrockErrorResponse(call, e))
        {
            call.Report.Duration = call.SinceStart();
            throw new BedrockServiceException(call.Operation.Name(), call.ModelId, ErrorCodes.Normalise(e.ErrorCode), (int)e.StatusCode, e.RequestId ?? call.Report.RequestId, e.Message, call.Report, false, e);
        }
        catch (Exception e) when (e is not BedrockServiceException)
        {
            // Not a Bedrock error response: the SDK failed the call itself (rate limiter,
            // credentials, signing, transport). Name it by the stage that failed.
            var (code, message) = SdkFailures.Classify(call, e, cancellationToken);
            throw Failure(call, code, message, e);
        }
    }

    private async Task<T> ReadBodyAsync<T>(BedrockOperationRequest call, RawBedrockResponse response, BodyParser<T> parse, CancellationToken cancellationToken)
    {
        // The SDK's timeout covers the attempt up to response headers; the body gets the same budget again.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        await using var body = response.Body;
        try
        {
            return await ResponseBody.ReadAsync(body, parse, timeout.Token);
        }
        catch (Exception e)
        {
            throw TranslateBodyFailure(call, e, midStream: false, outputTokensSoFar: 0, cancellationToken);
        }
    }

    private static void CompleteNonStreaming(BedrockOperationRequest call)
    {
        var done = call.SinceStart();
        call.Report.TimeToFirstToken = done;
        call.Report.TimeToFirstVisibleToken = done;
        call.Report.Duration = done;
    }

    /// <summary>A whole Converse answer's thinking and tool calls into its report.</summary>
    private static void TallyConverse(ConverseResponse response, CallReport report)
    {
        if (response.Output.Message?.Content is not { } content)
        {
            return;
        }

        var tally = new AnswerTally(report);
        foreach (var block in content)
        {
            if (block.ReasoningContent is { RedactedContent: { } redacted })
            {
                tally.RedactedBlock(redacted);
            }
            else if (block.ReasoningContent is { } reasoning)
            {
                tally.ThinkingBlock(reasoning.ReasoningText?.Text ?? "", reasoning.ReasoningText?.Signature);
            }

            if (block.ToolUse is { Name: { } name } use)
            {
                tally.Tool(new ToolCall(use.ToolUseId ?? "", name, use.Input?.GetRawText() ?? "{}"));
            }
        }

        tally.Complete();
    }
}
