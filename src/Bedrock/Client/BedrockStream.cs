namespace LoadTest.Bedrock.Client;

/// <summary>
/// An open response stream: enumerate <see cref="Events"/> (or <see cref="ReadToEndAsync"/>) once; frames are decoded as they
/// arrive, so the first event reaches the caller before the server has finished. An exception
/// event or a corrupt frame ends the enumeration with <see cref="BedrockServiceException"/>.
/// <see cref="Report"/> is complete when enumeration ends.
/// </summary>
public sealed class BedrockStream<TEvent> : IAsyncDisposable
{
    private readonly Func<CancellationToken, IAsyncEnumerable<TEvent>> _events;
    private readonly Func<CancellationToken, Task> _readToEnd;
    private readonly Func<ValueTask> _dispose;
    private int _enumerated;

    internal BedrockStream(CallReport report, Func<CancellationToken, IAsyncEnumerable<TEvent>> events, Func<CancellationToken, Task> readToEnd, Func<ValueTask> dispose)
    {
        Report = report;
        _events = events;
        _readToEnd = readToEnd;
        _dispose = dispose;
    }

    public CallReport Report { get; }

    public IAsyncEnumerable<TEvent> Events(CancellationToken cancellationToken = default)
    {
        ReadOnce();
        return _events(cancellationToken);
    }

    /// <summary>
    /// Reads the stream to its end without materialising events, filling <see cref="Report"/>
    /// (time to first token, <see cref="CallReport.DeltaArrivals"/>, usage, stop reason): the
    /// cheap path for a caller that measures the stream rather than reads it. Throws
    /// <see cref="BedrockServiceException"/> like <see cref="Events"/>.
    /// </summary>
    public Task ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        ReadOnce();
        return _readToEnd(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dispose();

    private void ReadOnce()
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A Bedrock response stream can be read only once.");
        }
    }
}
