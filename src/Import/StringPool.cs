using System.Text.Json;

namespace LoadTest.Import;

/// <summary>
/// One string per distinct short value (model IDs, Regions, operations, metadata values): a
/// million records name a handful of models, and need not allocate a million copies. Bounded:
/// past <see cref="MaxEntries"/> values new ones are allocated, not kept.
/// </summary>
internal sealed class StringPool
{
    private const int MaxEntries = 4096;

    private const int MaxLength = 128;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string value the reader is on (unescaped).</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueSpan.Length > MaxLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxLength];
        var text = chars[..reader.CopyString(chars)];
        if (_lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var value = text.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(value, value);
        }

        return value;
    }
}
