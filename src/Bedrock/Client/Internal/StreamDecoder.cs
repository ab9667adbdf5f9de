using System.Runtime.CompilerServices;
using System.Text.Json;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// The frame loop shared by both streaming operations: read frames as they arrive, turn an
/// exception message (or a corrupt/truncated/stalled stream) into a mid-stream
/// <see cref="BedrockServiceException"/>, let the operation's decoder fill the report from each
/// event message, and close the HTTP response when the stream ends or is disposed. Two ways to
/// consume: <see cref="Events"/> materialises each event for a caller that wants them;
/// <see cref="ReadToEndAsync"/> only fills the report, with no allocation per frame, which is
/// what a load test needs to measure thousands of streams without disturbing them.
/// </summary>
internal abstract class StreamDecoder<TEvent>
    where TEvent : class
{
    private readonly BedrockRuntimeClient _client;
    private readonly RawBedrockResponse _response;
    private readonly List<TimeSpan> _deltaArrivals = [];
    private int _disposed;

    protected StreamDecoder(BedrockRuntimeClient client, BedrockOperationRequest call, RawBedrockResponse response)
    {
        _client = client;
        Call = call;
        _response = response;
        call.Report.DeltaArrivals = _deltaArrivals;
        Tally = new AnswerTally(call.Report);
    }

    protected BedrockOperationRequest Call { get; }

    /// <summary>What the answer contains: thinking and tool calls.</summary>
    protected AnswerTally Tally { get; }

    /// <summary>Output deltas (text, thinking, tool input) received so far.</summary>
    protected int TextDeltas => _deltaArrivals.Count;

    /// <summary>Output tokens to report if the stream fails now.</summary>
    protected abstract int OutputTokensSoFar { get; }

    public async IAsyncEnumerable<TEvent> Events([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new EventStreamReader(_response.Body, Call.Time, _client.IdleTimeout, cancellationToken);
        try
        {
            while (await NextAsync(reader))
            {
                if (Handle(reader.Current, materialize: true) is { } mapped)
                {
                    yield return mapped;
                }
            }

            Tally.Complete();
            Call.Report.Duration = Call.SinceStart();
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public async Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var reader = new EventStreamReader(_response.Body, Call.Time, _client.IdleTimeout, cancellationToken);
        try
        {
            while (await NextAsync(reader))
            {
                Handle(reader.Current, materialize: false);
            }

            Tally.Complete();
            Call.Report.Duration = Call.SinceStart();
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public ValueTask DisposeAsync()
        => Interlocked.Exchange(ref _disposed, 1) == 0 ? _response.Body.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>
    /// Folds one event message into the report; returns the event for <see cref="Events"/> when
    /// <paramref name="materialize"/> is set (the payload is only valid during this call).
    /// </summary>
    protected abstract TEvent? Map(in EventFrame frame, bool materialize);

    /// <summary>A text delta arrived: time to first token and the gaps come from these arrival times.</summary>
    protected void TextDelta(in EventFrame frame) => OutputDelta(frame, visible: true);

    /// <summary>Folds one scanned delta into the report: its arrival, its thinking (length, text, signature), its tool input.</summary>
    protected void Fold(in EventFrame frame, in StreamDelta delta)
    {
        switch (delta.Kind)
        {
            case DeltaKind.Text:
                OutputDelta(frame, visible: true);
                break;
            case DeltaKind.Thinking:
                OutputDelta(frame, visible: false);
                Tally.Thinking(delta.Index, delta.Utf8Length, delta.Fragment);
                break;
            case DeltaKind.Signature:
                Tally.Signature(delta.Index, delta.Fragment!);
                break;
            case DeltaKind.RedactedThinking:
                Tally.Redacted(delta.Index, delta.Fragment!);
                break;
            case DeltaKind.ToolInput:
                if (delta.Utf8Length > 0)
                {
                    OutputDelta(frame, visible: true);
                }

                Tally.ToolInput(delta.Index, delta.Fragment!);
                break;
            default:
                break;
        }
    }

    /// <summary>An output delta arrived; thinking is output the application cannot show, so it sets TTFT but not the first visible token.</summary>
    private void OutputDelta(in EventFrame frame, bool visible)
    {
        var arrived = Call.Time.GetElapsedTime(Call.StartTimestamp, frame.ArrivedAt);
        if (_deltaArrivals.Count == 0)
        {
            Call.Report.TimeToFirstToken = arrived;
        }

        if (visible && Call.Report.TimeToFirstVisibleToken is null)
        {
            Call.Report.TimeToFirstVisibleToken = arrived;
        }

        _deltaArrivals.Add(arrived);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> NextAsync(EventStreamReader reader)
    {
        try
        {
            if (!await reader.ReadAsync())
            {
                return false;
            }

            var frame = reader.Current;
            var messageType = frame.Headers.MessageType;
            if (messageType is "exception" or "error")
            {
                throw MidStreamException(frame, messageType);
            }

            Call.Report.EventCount++;
            return true;
        }
        catch (Exception e)
        {
            throw _client.TranslateBodyFailure(Call, e, midStream: true, OutputTokensSoFar, reader.CancellationToken);
        }
    }

    private TEvent? Handle(in EventFrame frame, bool materialize)
    {
        try
        {
            return Map(frame, materialize);
        }
        catch (Exception e)
        {
            throw _client.TranslateBodyFailure(Call, e, midStream: true, OutputTokensSoFar, CancellationToken.None);
        }
    }

    private BedrockServiceException MidStreamException(in EventFrame frame, string messageType)
    {
        var headers = frame.Headers;
        var rawCode = messageType == "exception" ? headers.ExceptionType : headers.ErrorCode;
        var code = ErrorCodes.Normalise(string.IsNullOrEmpty(rawCode) ? "UnknownStreamException" : rawCode);
        var text = headers.ErrorMessage ?? JsonScan.ErrorMessage(frame.Payload.Span) ?? code;
        return _client.Failure(Call, code, text, null, midStream: true, outputTokensSoFar: OutputTokensSoFar);
    }
}
