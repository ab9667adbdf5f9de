using LoadTest.Emulator.Generation;

namespace LoadTest.Emulator.Pacing;

/// <summary>
/// How an answer's blocks split into stream deltas: each block (<see cref="AnswerPlan"/>) into deltas
/// of <c>tokensPerDelta</c> tokens, its last one shorter when the block's tokens do not divide evenly
/// (a delta never spans two blocks). Delta k is found in constant time from at most three block
/// boundaries, so nothing per delta is kept.
/// </summary>
internal readonly struct DeltaLayout
{
    private readonly AnswerPlan _answer;
    private readonly int _chunk;

    public DeltaLayout(AnswerPlan answer, int tokensPerDelta)
    {
        _answer = answer;
        _chunk = tokensPerDelta;
        var count = 0;
        for (var b = 0; b < answer.BlockCount; b++)
        {
            count += Deltas(answer.Tokens(b));
        }

        Count = count;
    }

    /// <summary>Deltas in the whole answer.</summary>
    public int Count { get; }

    /// <summary>The block delta <paramref name="k"/> belongs to and its token offset within the block.</summary>
    public (int Block, int Offset) Position(int k)
    {
        for (var b = 0; b < _answer.BlockCount; b++)
        {
            var deltas = Deltas(_answer.Tokens(b));
            if (k < deltas)
            {
                return (b, k * _chunk);
            }

            k -= deltas;
        }

        throw new ArgumentOutOfRangeException(nameof(k));
    }

    /// <summary>Tokens in delta <paramref name="k"/>.</summary>
    public int Tokens(int k)
    {
        var (block, offset) = Position(k);
        return Math.Min(_chunk, _answer.Tokens(block) - offset);
    }

    /// <summary>Output tokens sent before delta <paramref name="k"/> (<see cref="Count"/> for the whole answer).</summary>
    public int TokensBefore(int k)
    {
        var before = 0;
        for (var b = 0; b < _answer.BlockCount; b++)
        {
            var tokens = _answer.Tokens(b);
            var deltas = Deltas(tokens);
            if (k < deltas)
            {
                return before + (k * _chunk);
            }

            before += tokens;
            k -= deltas;
        }

        return before;
    }

    /// <summary>The delta that carries output token <paramref name="token"/> (0-based).</summary>
    public int DeltaHolding(int token)
    {
        var k = 0;
        for (var b = 0; b < _answer.BlockCount; b++)
        {
            var tokens = _answer.Tokens(b);
            if (token < tokens)
            {
                return k + (token / _chunk);
            }

            token -= tokens;
            k += Deltas(tokens);
        }

        return Math.Max(0, Count - 1);
    }

    private int Deltas(int tokens) => (tokens + _chunk - 1) / _chunk;
}
