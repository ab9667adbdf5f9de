using System.Diagnostics;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>A test server's admission: a token bucket refilled continuously at a fixed rate, on the real clock.</summary>
internal sealed class TestAdmission(double perSecond, double burst)
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _tokens = double.NaN;
    private double _last;

    public bool TryAdmit()
    {
        lock (_gate)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _tokens = double.IsNaN(_tokens) ? burst : Math.Min(burst, _tokens + ((now - _last) * perSecond));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
