namespace LoadTest.Emulator.Caching;

/// <summary>A cacheable prompt prefix: the hash of its text and how many tokens it holds.</summary>
internal readonly record struct CachePrefix(ulong Hash, long Tokens);
