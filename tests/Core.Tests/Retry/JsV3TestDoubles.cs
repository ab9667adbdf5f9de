namespace LoadTest.Core.Tests.Retry;

/// <summary>A seconds clock the test moves by hand.</summary>
internal sealed class JsV3FakeClock(double start = 0)
{
    public double Now { get; private set; } = start;

    public double Advance(double seconds)
    {
        Now += seconds;
        return Now;
    }
}

/// <summary>Uniform draws the test scripts; running out is a test failure (an unexpected draw).</summary>
internal sealed class JsV3ScriptedRandom(params double[] draws)
{
    private readonly Queue<double> _draws = new(draws);

    public int Remaining => _draws.Count;

    public double Next()
        => _draws.Count > 0 ? _draws.Dequeue() : throw new InvalidOperationException("The profile drew a random number the test did not script.");
}
