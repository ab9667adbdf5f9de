using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Scenarios.Engine;

namespace LoadTest;

/// <summary>
/// The target's shared <see cref="BedrockRuntimeClient"/>, seen from one iteration: every call made
/// here is measured as a YAML workload's request is (TTFT, tokens, quota tokens, attempts, throttles;
/// the same mapping, <see cref="BedrockRequestSender.FromCall"/>). Calls made on <see cref="Client"/>
/// directly are timed only by the step around them.
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
    public async Task<ConverseResponse> ConverseAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
    {
        var started = _measure.Now;
        try
        {
            var r = await Client.ConverseAsync(modelId, request, Linked(cancellationToken));
            _measure.Call(started, BedrockRequestSender.FromCall(r.Report, r.Response.Usage));
            return r.Response;
        }
        catch (BedrockServiceException e)
        {
            _measure.Call(started, BedrockRequestSender.FromFailure(e));
            throw;
        }
    }

    /// <summary>ConverseStream read to the end, measured (first token, inter-token gaps); returns the text the model streamed.</summary>
    public async Task<string> ConverseStreamAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
    {
        var started = _measure.Now;
        try
        {
            var stream = await Client.ConverseStreamAsync(modelId, request, Linked(cancellationToken));
            await using (stream)
            {
                var text = new System.Text.StringBuilder();
                await foreach (var e in stream.Events(Linked(cancellationToken)))
                {
                    if (e.ContentBlockDelta?.Delta.Text is { } delta)
                    {
                        text.Append(delta);
                    }
                }

                _measure.Call(started, BedrockRequestSender.FromCall(stream.Report, stream.Report.Usage));
                return text.ToString();
            }
        }
        catch (BedrockServiceException e)
        {
            _measure.Call(started, BedrockRequestSender.FromFailure(e));
            throw;
        }
    }

    private CancellationToken Linked(CancellationToken cancellationToken)
        => cancellationToken.CanBeCanceled ? cancellationToken : _measure.CancellationToken;
}
