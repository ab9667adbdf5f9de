using LoadTest.Config;

namespace LoadTest.Import;

/// <summary>One workload written to scenarios.yaml, as the import prints it.</summary>
public sealed record ReplayWorkload(string Name, string Model, ApiKind Api, long Requests, TokenFigures Input, TokenFigures Output, int? MaxTokens, int CachedPrefixTokens);
