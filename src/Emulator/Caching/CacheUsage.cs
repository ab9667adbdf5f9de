namespace LoadTest.Emulator.Caching;

/// <summary>How a request's input splits: tokens read from cache, written to cache, and the rest.</summary>
internal readonly record struct CacheUsage(long ReadTokens, long WriteTokens);
