using LoadTest.Emulator.Generation;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The encoded event-stream frame of every stream delta an operation can send. The synthetic text of
/// a full delta depends only on where it starts in the filler (<see cref="SyntheticText.Phase"/>), so
/// there are few distinct frames: each is serialized and framed once and then copied, which keeps
/// JSON, base64 and CRC work off the per-frame path. A shorter last delta is encoded on the spot.
/// </summary>
internal sealed class DeltaFrames
{
    private readonly Func<string, byte[]> _encode;
    private readonly int _tokens;
    private readonly byte[]?[] _byPhase = new byte[SyntheticText.Phases][];

    /// <param name="tokensPerDelta">The delta size that is cached.</param>
    /// <param name="encode">The whole frame of one delta carrying the given text.</param>
    public DeltaFrames(int tokensPerDelta, Func<string, byte[]> encode)
    {
        _tokens = tokensPerDelta;
        _encode = encode;
    }

    public byte[] Get(int tokens, int offsetTokens)
    {
        if (tokens != _tokens)
        {
            return _encode(SyntheticText.Tokens(tokens, offsetTokens));
        }

        // A benign race: two requests may encode the same frame once each; both results are equal.
        var phase = SyntheticText.Phase(offsetTokens);
        return _byPhase[phase] ??= _encode(SyntheticText.Tokens(tokens, offsetTokens));
    }
}
