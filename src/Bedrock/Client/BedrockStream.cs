namespace LoadTest.Bedrock.Client;

/// <summary>
/// An open response stream: enumerate <see cref="Events"/> once; frames are decoded as they
/// arrive, so the first event reaches the caller before the server has finished. An exception
/// event or a corrupt frame ends the enumeration with <see cref="BedrockServiceException"/>.
/// <see cref="Report"/> is complete when enumeration ends.
/// </summary>
public sealed class BedrockStream<TEvent> : IAsyncDisposable
{
    private readonly Func<CancellationToken, IAsyncEnumerable<TEvent>> _events;
    private readonly Func<ValueTask> _dispose;
    private int _enumerated;

    public BedrockStream(CallReport report, Func<CancellationToken, IAsyncEnumerable<TEvent>> events, Func<ValueTask> dispose)
    {
        Report = report;
        _events = events;
        _dispose = dispose;
    }

    public CallReport Report { get; }

    public IAsyncEnumerable<TEvent> Events(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A Bedrock response stream can be enumerated only once.");
        }

        return _events(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dispose();
}
