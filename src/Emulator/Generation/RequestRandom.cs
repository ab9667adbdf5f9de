namespace LoadTest.Emulator.Generation;

/// <summary>
/// A small random stream for one request, derived from the emulator seed and the request's
/// sequence number (SplitMix64). Lock-free on the hot path and reproducible for a given arrival
/// order, which a shared <see cref="Random"/> behind a lock would not be under concurrency anyway.
/// </summary>
internal struct RequestRandom
{
    private ulong _state;

    public RequestRandom(int seed, long sequence)
    {
        _state = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)sequence * 0xD1B54A32D192ED03UL) ^ 0x2545F4914F6CDD1DUL);
    }

    public ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
