using System.Runtime.CompilerServices;
using System.Text.Json;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Scenarios.Engine;

namespace LoadTest;

/// <summary>
/// The target's shared <see cref="BedrockRuntimeClient"/>, seen from one iteration: every call made
/// here is measured as a YAML workload's request is (TTFT, tokens, quota tokens, attempts, throttles;
/// the same mappings, <see cref="BedrockRequestSender.FromCall"/> and its siblings). Calls made on
/// <see cref="Client"/> directly are timed only by the step around them.
/// </summary>
public sealed class MeasuredBedrock
{
    private readonly IterationMeasure _measure;

    internal MeasuredBedrock(BedrockRuntimeClient client, IterationMeasure measure)
    {
        Client = client;
        _measure = measure;
    }

    /// <summary>The client shared by every virtual user of the target (calls on it are not measured as Bedrock calls).</summary>
    public BedrockRuntimeClient Client { get; }

    /// <summary>Converse, measured; a failed call is recorded and then thrown as <see cref="BedrockServiceException"/>.</summary>
    public Task<ConverseResponse> ConverseAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
        => MeasureAsync(
            async (token, _) =>
            {
                var r = await Client.ConverseAsync(modelId, request, token);
                return (r.Response, BedrockRequestSender.FromCall(r.Report, r.Response.Usage));
            },
            cancellationToken);

    /// <summary>ConverseStream read to the end, measured (first token, inter-token gaps); returns the text the model streamed.</summary>
    public Task<string> ConverseStreamAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
        => MeasureAsync(
            async (token, report) =>
            {
                var stream = await Client.ConverseStreamAsync(modelId, request, token);
                await using (stream)
                {
                    report.Value = stream.Report;
                    var text = new System.Text.StringBuilder();
                    await foreach (var e in stream.Events(token))
                    {
                        if (e.ContentBlockDelta?.Delta.Text is { } delta)
                        {
                            text.Append(delta);
                        }
                    }

                    return (text.ToString(), BedrockRequestSender.FromCall(stream.Report, stream.Report.Usage));
                }
            },
            cancellationToken);

    /// <summary>
    /// InvokeModel with a Claude (Anthropic Messages) body, measured as a YAML <c>api: invoke</c>
    /// request is (tokens from Bedrock's headers, else the body's usage); returns the parsed answer.
    /// </summary>
    public Task<AnthropicResponse> InvokeModelAsync(string modelId, AnthropicRequest request, CancellationToken cancellationToken = default)
        => MeasureAsync(
            async (token, _) =>
            {
                var r = await Client.InvokeModelAsync(modelId, request, token);
                var answer = JsonSerializer.Deserialize(r.Response.Body.Span, BedrockJsonContext.Default.AnthropicResponse)
                    ?? throw new JsonException("The InvokeModel response body was JSON null, not an Anthropic message.");
                return (answer, BedrockRequestSender.FromInvoke(r));
            },
            cancellationToken);

    /// <summary>
    /// InvokeModelWithResponseStream with a Claude body, read to the end and measured as a YAML
    /// <c>api: invoke-stream</c> request is (first token, inter-token gaps, the invocation metrics'
    /// tokens); returns the chunks in order, each one Anthropic streaming event's JSON.
    /// </summary>
    public Task<IReadOnlyList<ResponseStreamEvent>> InvokeModelWithResponseStreamAsync(string modelId, AnthropicRequest request, CancellationToken cancellationToken = default)
        => MeasureAsync<IReadOnlyList<ResponseStreamEvent>>(
            async (token, report) =>
            {
                var stream = await Client.InvokeModelWithResponseStreamAsync(modelId, request, token);
                await using (stream)
                {
                    report.Value = stream.Report;
                    var chunks = new List<ResponseStreamEvent>();
                    await foreach (var chunk in stream.Events(token))
                    {
                        chunks.Add(chunk);
                    }

                    return (chunks, BedrockRequestSender.FromCall(stream.Report, stream.Report.Usage));
                }
            },
            cancellationToken);

    /// <summary>
    /// InvokeModel with a Cohere Embed body, measured as a YAML <c>api: embed</c> request is (input
    /// tokens from Bedrock's header, vectors counted); returns the response, whose body holds the vectors.
    /// </summary>
    public Task<InvokeModelResponse> EmbedAsync(string modelId, CohereEmbedRequest request, CancellationToken cancellationToken = default)
        => MeasureAsync(
            async (token, _) =>
            {
                var r = await Client.InvokeModelAsync(modelId, request, token);
                return (r.Response, BedrockRequestSender.FromEmbed(r));
            },
            cancellationToken);

    /// <summary>
    /// Runs one call and records what it did with the engine's mappings: its result, a Bedrock error
    /// (recorded, then thrown), or a broken connection or timeout below it (recorded, then thrown).
    /// A stream's report is handed back early so a failure after its first token keeps that token.
    /// </summary>
    private async Task<T> MeasureAsync<T>(Func<CancellationToken, StrongBox<CallReport?>, Task<(T Value, SendResult Result)>> call, CancellationToken cancellationToken)
    {
        var started = _measure.Now;
        var token = cancellationToken.CanBeCanceled ? cancellationToken : _measure.CancellationToken;
        var streamReport = new StrongBox<CallReport?>();
        try
        {
            var (value, result) = await call(token, streamReport);
            _measure.Call(started, result);
            return value;
        }
        catch (BedrockServiceException e)
        {
            _measure.Call(started, BedrockRequestSender.FromFailure(e));
            throw;
        }
        catch (Exception e) when (BedrockRequestSender.FromTransportFailure(e, streamReport.Value, token) is { } failed)
        {
            _measure.Call(started, failed);
            throw;
        }
    }
}
