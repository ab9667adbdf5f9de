namespace LoadTest.Emulator.Generation;

/// <summary>
/// Embedding vectors that depend only on the input: a 64-bit FNV-1a hash of the input seeds a
/// SplitMix64 stream (<see cref="RequestRandom"/>) of standard normal components, and the vector
/// is scaled to unit length, as Cohere's float embeddings are. A shorter <c>output_dimension</c>
/// takes the first components of the same stream (renormalised), the way Matryoshka embeddings
/// nest. The quantized types follow Cohere's definitions: int8 in [-128, 127], uint8 in [0, 255],
/// binary and ubinary one bit per dimension (positive = 1) packed eight to a byte, MSB first,
/// binary offset by -128 to a signed byte.
/// </summary>
internal static class SyntheticEmbedding
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>The seed of one input: FNV-1a over its UTF-16 code units.</summary>
    public static ulong Seed(string input, ulong hash = FnvOffset)
    {
        foreach (var c in input)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }

    /// <summary>Fills <paramref name="vector"/> with the unit-length embedding of <paramref name="seed"/>.</summary>
    public static void Fill(ulong seed, Span<float> vector)
    {
        var random = new RequestRandom(0, unchecked((long)seed));
        var sum = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            var x = random.NextGaussian();
            vector[i] = (float)x;
            sum += x * x;
        }

        var scale = sum > 0 ? 1.0 / Math.Sqrt(sum) : 0;
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(vector[i] * scale);
        }
    }

    /// <summary>int8: each component scaled so the largest magnitude is 127.</summary>
    public static void ToInt8(ReadOnlySpan<float> vector, Span<sbyte> result)
    {
        var max = 0f;
        foreach (var v in vector)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        var scale = max > 0 ? 127f / max : 0;
        for (var i = 0; i < vector.Length; i++)
        {
            result[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * scale), -128, 127);
        }
    }

    /// <summary>ubinary: bit k of byte j is 1 when component 8j + k is positive (MSB first).</summary>
    public static void ToBits(ReadOnlySpan<float> vector, Span<byte> result)
    {
        result.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > 0)
            {
                result[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }
    }
}
