namespace LoadTest.Emulator.Routing;

/// <summary>
/// In-flight requests of one base model in each destination Region. Every inference profile of
/// the model (global, geographic, base ID) competes for the same Regional slots, which is why a
/// burst that fills a geography's Regions can still be served through the global profile.
/// </summary>
internal sealed class CapacityPool
{
    private readonly int[] _inFlight;

    public CapacityPool(int regions)
    {
        _inFlight = new int[regions];
    }

    public bool TryAcquire(int region, int capacity)
    {
        if (Interlocked.Increment(ref _inFlight[region]) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight[region]);
        return false;
    }

    public void Release(int region) => Interlocked.Decrement(ref _inFlight[region]);

    public int InFlight(int region) => Volatile.Read(ref _inFlight[region]);
}
