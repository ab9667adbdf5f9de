using System.Collections.Concurrent;
using System.Text.Json;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Results;
using LoadTest.Scenarios.Output;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Sends planned requests through the real <see cref="BedrockRuntimeClient"/> (one client shared by
/// every virtual user of the target): builds the synthetic prompt (with its session's conversation,
/// tools and thinking), reads streams to the end, times first token, first visible token and
/// inter-token gaps, adds each successful turn to its session, and turns failures into outcomes.
/// </summary>
public sealed class BedrockRequestSender : IRequestSender
{
    private readonly BedrockRuntimeClient _client;
    private readonly TargetKind _kind;
    private readonly StreamTimingLog? _timingLog;
    private readonly SyntheticPrompt _prompts = new();
    private readonly IReadOnlyList<ModelSpec> _models;
    private readonly ConcurrentDictionary<string, ModelFamily> _families = new(StringComparer.Ordinal);

    /// <param name="client">The client shared by every virtual user of the target.</param>
    /// <param name="kind">The target kind (the emulator is steered through request metadata).</param>
    /// <param name="timingLog">Where to write each stream's delta arrival times (benchmarks), or null.</param>
    /// <param name="models">The run's models, for each workload's family (its InvokeModel body); an ID not among them is placed by its provider prefix.</param>
    public BedrockRequestSender(BedrockRuntimeClient client, TargetKind kind, StreamTimingLog? timingLog = null, IReadOnlyList<ModelSpec>? models = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _kind = kind;
        _timingLog = timingLog;
        _models = models ?? [];
    }

    public async Task<SendResult> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Workload.Model;

        // The open stream's report, so a stream that fails after its first token keeps its TTFT.
        CallReport? streamReport = null;
        try
        {
            switch (request.Workload.Api)
            {
                case ApiKind.Converse:
                {
                    var converse = _prompts.Converse(request, _kind);
                    var r = await _client.ConverseAsync(model, converse, cancellationToken);
                    Remember(request, converse, r.Report, r.Response.Output.Message?.Content);
                    return FromCall(r.Report, r.Response.Usage);
                }

                case ApiKind.ConverseStream:
                {
                    var converse = _prompts.Converse(request, _kind);
                    var stream = await _client.ConverseStreamAsync(model, converse, cancellationToken);
                    await using (stream)
                    {
                        streamReport = stream.Report;
                        await stream.ReadToEndAsync(cancellationToken);
                        _timingLog?.Write(request.Workload.Api, stream.Report);
                        Remember(request, converse, stream.Report, null);
                        return FromCall(stream.Report, stream.Report.Usage);
                    }
                }

                case ApiKind.Embed:
                {
                    return FromEmbed(await _client.InvokeModelAsync(model, SyntheticPrompt.Embed(request), cancellationToken));
                }

                case ApiKind.Invoke:
                {
                    var (body, converse) = InvokeBody(request);
                    var r = await _client.InvokeModelAsync(model, body, cancellationToken: cancellationToken);
                    Remember(request, converse, r.Report, null);
                    return FromInvoke(r);
                }

                default:
                {
                    var (body, converse) = InvokeBody(request);
                    var stream = await _client.InvokeModelWithResponseStreamAsync(model, body, cancellationToken: cancellationToken);
                    await using (stream)
                    {
                        streamReport = stream.Report;
                        await stream.ReadToEndAsync(cancellationToken);
                        _timingLog?.Write(request.Workload.Api, stream.Report);
                        Remember(request, converse, stream.Report, null);
                        return FromCall(stream.Report, stream.Report.Usage);
                    }
                }
            }
        }
        catch (BedrockServiceException e)
        {
            return FromFailure(e);
        }
        catch (Exception e) when (FromTransportFailure(e, streamReport, cancellationToken) is { } failed)
        {
            return failed;
        }
    }

    /// <summary>
    /// A call that failed below Bedrock's error model, as a request's result: the HTTP stack gave up
    /// waiting (timeout; not <paramref name="cancellationToken"/>, which is the caller's), or the
    /// connection or the response broke (client error, by exception type). Null for any other
    /// exception. <paramref name="streamReport"/> keeps a stream's first token.
    /// </summary>
    public static SendResult? FromTransportFailure(Exception e, CallReport? streamReport, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when !cancellationToken.IsCancellationRequested
            => new SendResult { Outcome = Outcomes.Timeout, ErrorCode = "Timeout", FirstToken = FirstDelta(streamReport) },
        HttpRequestException or IOException or JsonException or InvalidOperationException
            => new SendResult { Outcome = Outcomes.ClientError, ErrorCode = e.GetType().Name, FirstToken = FirstDelta(streamReport) },
        _ => null,
    };

    /// <summary>A successful InvokeModel with a Claude body, as a request's result: usage from Bedrock's headers, else from the body.</summary>
    public static SendResult FromInvoke(BedrockResult<InvokeModelResponse> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return FromCall(result.Report, result.Report.Usage ?? UsageFromAnthropicBody(result.Response.Body.Span));
    }

    /// <summary>A successful Cohere Embed InvokeModel, as a request's result: input tokens from Bedrock's header, vectors counted.</summary>
    public static SendResult FromEmbed(BedrockResult<InvokeModelResponse> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return FromCall(result.Report, result.Report.Usage ?? new TokenUsage { InputTokens = result.Response.InputTokenCount ?? 0 });
    }

    /// <summary>
    /// The InvokeModel body: a plain single-turn Claude request as it has always been sent; a request
    /// with thinking, tools or a session, or one to Nova, is the Converse request in the model family's
    /// own body (Nova's carries no metadata, so the emulator is steered by the marker in its text).
    /// Also returns that Converse request, for the session's history.
    /// </summary>
    private (byte[] Body, ConverseRequest? Converse) InvokeBody(PlannedRequest request)
    {
        var w = request.Workload;
        var family = FamilyOf(w.Model);
        if (family == ModelFamily.AnthropicClaude && w.Thinking is null && w.Tools is null && request.Conversation is null)
        {
            return (_prompts.InvokeBody(request, _kind), null);
        }

        var converse = _prompts.Converse(request, _kind, marker: family != ModelFamily.AnthropicClaude && _kind == TargetKind.Emulator);
        return (InvokeBodies.FromConverse(converse, family), converse);
    }

    private ModelFamily FamilyOf(string model)
        => _families.GetOrAdd(model, static (id, models) => models.LastOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal))?.Family ?? ModelCatalog.FamilyOf(id), _models);

    /// <summary>Adds a successful turn to its session: the question it sent and the answer it got, its signed thinking included.</summary>
    private static void Remember(PlannedRequest request, ConverseRequest? sent, CallReport report, IReadOnlyList<ContentBlock>? returned)
    {
        if (request.Conversation is not { } conversation || sent is null)
        {
            return;
        }

        var output = report.Usage?.OutputTokens ?? request.OutputTokens + request.ThinkingTokens;
        var toolTokens = report.ToolCalls.Sum(c => TokenCounting.Count(c.InputJson));
        var visible = Math.Max(0, output - (report.ThinkingTokensEstimate ?? 0) - toolTokens);

        // Thinking is Claude's setting: another family's reasoning is not sent back.
        var thinking = request.Workload.Thinking is null ? [] : report.Thinking;
        if (request.Workload.Thinking is null)
        {
            returned = returned?.Where(b => b.ReasoningContent is null).ToList();
        }

        conversation.Add(sent.Messages[^1], SyntheticPrompt.Answer(request, visible, report.ToolCalls, thinking, returned), report.ToolCalls);
    }

    /// <summary>What a failed Bedrock call did, as a request's result: the one mapping, shared by the YAML workloads and the library's measured client.</summary>
    public static SendResult FromFailure(BedrockServiceException e)
    {
        ArgumentNullException.ThrowIfNull(e);
            var attempts = e.Report.Attempts;
            return new SendResult
            {
                Outcome = OutcomeClassifier.FromErrorCode(e.ErrorCode, e.StatusCode),
                ErrorCode = e.ErrorCode,
                HttpStatus = e.StatusCode,
                Attempts = attempts.Count,
                // A throttle in the middle of a stream ends an attempt whose headers said 200: it is a throttled attempt too.
                ThrottledAttempts = attempts.Count(a => BedrockServiceException.IsThrottleCode(a.ErrorCode)) + ((attempts.Count == 0 || e.MidStream) && e.IsThrottle ? 1 : 0),
                FirstByte = e.Report.TimeToFirstByte,
                FirstToken = FirstDelta(e.Report),
                OutputTokens = e.MidStream ? e.OutputTokensSoFar : 0,
                RequestId = e.RequestId,
                InferenceRegion = e.Report.InferenceRegion,
                LimiterWait = e.Report.LimiterWait,
            };
    }

    private static TimeSpan? FirstDelta(CallReport? report) => report?.DeltaArrivals is [var first, ..] ? first : null;

    /// <summary>What a successful Bedrock call did, as a request's result (TTFT, tokens, attempts...): the one mapping, shared by the YAML workloads and the library's measured client.</summary>
    public static SendResult FromCall(CallReport report, TokenUsage? usage)
    {
        ArgumentNullException.ThrowIfNull(report);
        var attempts = report.Attempts;
        var streamed = report.DeltaArrivals.Count > 0;
        return new SendResult
        {
            Outcome = Outcomes.Ok,
            HttpStatus = attempts.Count > 0 ? attempts[^1].StatusCode : 200,
            Attempts = attempts.Count,
            ThrottledAttempts = attempts.Count(a => BedrockServiceException.IsThrottleCode(a.ErrorCode)),
            FirstByte = report.TimeToFirstByte,
            FirstToken = report.TimeToFirstToken ?? report.Duration,
            InputTokens = usage?.InputTokens ?? 0,
            OutputTokens = usage?.OutputTokens ?? 0,
            CacheReadTokens = usage?.CacheReadInputTokens ?? 0,
            CacheWriteTokens = usage?.CacheWriteInputTokens ?? 0,
            InferenceRegion = report.InferenceRegion,
            RequestId = report.RequestId,
            DeltaArrivals = streamed ? report.DeltaArrivals : null,
            LimiterWait = report.LimiterWait,
            FirstVisibleToken = report.TimeToFirstVisibleToken,
            ThinkingTokens = report.ThinkingTokensEstimate,
            ToolCalls = report.ToolCalls.Count,
            Embeddings = report.EmbeddingCount,
            StopReason = report.StopReason,
        };
    }

    private static TokenUsage? UsageFromAnthropicBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var response = JsonSerializer.Deserialize(body, BedrockJsonContext.Default.AnthropicResponse);
            return response is null ? null : new TokenUsage
            {
                InputTokens = response.Usage.InputTokens,
                OutputTokens = response.Usage.OutputTokens,
                CacheReadInputTokens = response.Usage.CacheReadInputTokens,
                CacheWriteInputTokens = response.Usage.CacheCreationInputTokens,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
