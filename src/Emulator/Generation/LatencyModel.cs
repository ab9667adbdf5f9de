using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Generation;

/// <summary>
/// How long a request takes: time to first token = ttft + prefill per 1K input tokens + the round
/// trip from the source to the serving Region, with +-jitter; then output at the model's tokens
/// per second. Everything is multiplied by latencyScale (0 = instant). Injected fault durations
/// are not scaled: they are what a test asked for.
/// </summary>
internal sealed class LatencyModel
{
    private readonly double _scale;
    private readonly double _jitter;
    private readonly RegionTable _regions;

    public LatencyModel(EmulatorOptions options, RegionTable regions)
    {
        _scale = options.LatencyScale;
        _jitter = options.Jitter;
        _regions = regions;
    }

    public bool Instant => _scale <= 0;

    public TimeSpan FirstToken(EmulatedModel model, long inputTokens, int region, ref RequestRandom random)
    {
        if (Instant)
        {
            return TimeSpan.Zero;
        }

        var spec = model.Spec;
        var seconds = spec.Ttft.TotalSeconds
            + (spec.PrefillPer1kTokens.TotalSeconds * inputTokens / 1000.0)
            + _regions.RoundTripFromSource(region).TotalSeconds;
        var factor = 1 + (_jitter * ((2 * random.NextDouble()) - 1));
        return TimeSpan.FromSeconds(Math.Max(0, seconds * factor * _scale));
    }

    public TimeSpan Generation(EmulatedModel model, int outputTokens)
        => Instant ? TimeSpan.Zero : TimeSpan.FromSeconds(outputTokens / model.Spec.OutputTokensPerSecond * _scale);
}
