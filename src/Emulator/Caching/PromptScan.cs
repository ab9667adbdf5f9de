using LoadTest.Core.Models;

namespace LoadTest.Emulator.Caching;

/// <summary>
/// Walks a request's text in order (system, then messages) and records what the emulator needs
/// from it: the token count (<see cref="TokenCounting"/>, per text block), a running hash of the
/// text at each cache point (the cacheable prefix) and the steering markers
/// (<see cref="OutputSteering"/>: output length, thinking tokens, a tool call in the last message).
/// Prompt text is only hashed and counted, never kept.
/// </summary>
internal sealed class PromptScan
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private ulong _hash = FnvOffset;
    private List<CachePrefix>? _prefixes;

    /// <summary>
    /// Off by default: hashing every character is the one per-byte cost of a request, and only
    /// requests with a cache point need it. Turn on before the first text when one is present.
    /// </summary>
    public bool Hashing { get; set; }

    public long Tokens { get; private set; }

    public int? SteeredOutputTokens { get; private set; }

    public int? SteeredThinkingTokens { get; private set; }

    /// <summary>
    /// The tool call the last message asks for: null for none, "" for the first declared tool, else a
    /// tool's name. Only the last message counts, so a conversation that carries the marker from an
    /// earlier turn gets its answer once the tool result is sent.
    /// </summary>
    public string? SteeredToolCall { get; private set; }

    /// <summary>Cache points in order, each with the hash and token count of the text before it.</summary>
    public IReadOnlyList<CachePrefix> Prefixes => (IReadOnlyList<CachePrefix>?)_prefixes ?? [];

    public void AddText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Tokens += TokenCounting.Count(text);
        if (text.Contains(OutputSteering.MarkerPrefix, StringComparison.Ordinal))
        {
            // The last marker wins: in a conversation the newest turn is the one being answered.
            SteeredOutputTokens = OutputSteering.FromText(text) ?? SteeredOutputTokens;
            SteeredThinkingTokens = OutputSteering.ThinkingFromText(text) ?? SteeredThinkingTokens;
            SteeredToolCall ??= OutputSteering.ToolCallFromText(text);
        }

        if (!Hashing)
        {
            return;
        }

        var h = _hash;
        foreach (var c in text)
        {
            h = (h ^ c) * FnvPrime;
        }

        // Separator, so that ["ab","c"] and ["a","bc"] differ.
        _hash = (h ^ 0x1F) * FnvPrime;
    }

    /// <summary>Counts input that has no text to count (an embedding request's image), by a rule the caller documents.</summary>
    public void AddTokens(long tokens) => Tokens += tokens;

    /// <summary>Marks a block boundary that changes meaning (a new message or role).</summary>
    public void AddBoundary(char kind)
    {
        SteeredToolCall = null;
        if (Hashing)
        {
            _hash = (_hash ^ (0x10000u + kind)) * FnvPrime;
        }
    }

    public void CachePoint() => (_prefixes ??= []).Add(new CachePrefix(_hash, Tokens));

    /// <summary>Steering from request metadata, which wins over markers in the text.</summary>
    public void Steer(int? outputTokens, int? thinkingTokens = null)
    {
        if (outputTokens is not null)
        {
            SteeredOutputTokens = outputTokens;
        }

        if (thinkingTokens is not null)
        {
            SteeredThinkingTokens = thinkingTokens;
        }
    }
}
