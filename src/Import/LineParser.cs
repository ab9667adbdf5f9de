namespace LoadTest.Import;

/// <summary>Reads one line (its UTF-8 bytes, trimmed, never empty) numbered from 1; null = skipped, and says why to the log.</summary>
internal delegate T? LineParser<T>(ReadOnlySpan<byte> line, long number)
    where T : class;
