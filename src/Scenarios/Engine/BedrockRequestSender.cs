using System.Text.Json;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Config;
using LoadTest.Results;
using LoadTest.Scenarios.Output;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Sends planned requests through the real <see cref="BedrockRuntimeClient"/> (one client shared by
/// every virtual user of the target): builds the synthetic prompt, reads streams to the end, times
/// first token and inter-token gaps, and turns failures into outcomes.
/// </summary>
public sealed class BedrockRequestSender : IRequestSender
{
    private readonly BedrockRuntimeClient _client;
    private readonly TargetKind _kind;
    private readonly StreamTimingLog? _timingLog;
    private readonly SyntheticPrompt _prompts = new();

    /// <param name="client">The client shared by every virtual user of the target.</param>
    /// <param name="kind">The target kind (the emulator is steered through request metadata).</param>
    /// <param name="timingLog">Where to write each stream's delta arrival times (benchmarks), or null.</param>
    public BedrockRequestSender(BedrockRuntimeClient client, TargetKind kind, StreamTimingLog? timingLog = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _kind = kind;
        _timingLog = timingLog;
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
                    var r = await _client.ConverseAsync(model, _prompts.Converse(request, _kind), cancellationToken);
                    return Success(r.Report, r.Response.Usage);
                }

                case ApiKind.ConverseStream:
                {
                    var stream = await _client.ConverseStreamAsync(model, _prompts.Converse(request, _kind), cancellationToken);
                    await using (stream)
                    {
                        streamReport = stream.Report;
                        await stream.ReadToEndAsync(cancellationToken);
                        _timingLog?.Write(request.Workload.Api, stream.Report);
                        return Success(stream.Report, stream.Report.Usage);
                    }
                }

                case ApiKind.Invoke:
                {
                    var r = await _client.InvokeModelAsync(model, _prompts.InvokeBody(request, _kind), cancellationToken: cancellationToken);
                    var usage = r.Report.Usage ?? UsageFromAnthropicBody(r.Response.Body.Span);
                    return Success(r.Report, usage);
                }

                default:
                {
                    var stream = await _client.InvokeModelWithResponseStreamAsync(model, _prompts.InvokeBody(request, _kind), cancellationToken: cancellationToken);
                    await using (stream)
                    {
                        streamReport = stream.Report;
                        await stream.ReadToEndAsync(cancellationToken);
                        _timingLog?.Write(request.Workload.Api, stream.Report);
                        return Success(stream.Report, stream.Report.Usage);
                    }
                }
            }
        }
        catch (BedrockServiceException e)
        {
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
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not our cancellation: the HTTP stack gave up waiting.
            return new SendResult { Outcome = Outcomes.Timeout, ErrorCode = "Timeout", FirstToken = FirstDelta(streamReport) };
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or InvalidOperationException)
        {
            return new SendResult { Outcome = Outcomes.ClientError, ErrorCode = e.GetType().Name, FirstToken = FirstDelta(streamReport) };
        }
    }

    private static TimeSpan? FirstDelta(CallReport? report) => report?.DeltaArrivals is [var first, ..] ? first : null;

    private static SendResult Success(CallReport report, TokenUsage? usage)
    {
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
