namespace LoadTest.Core.Models;

/// <summary>
/// A parsed model identifier: <c>global.anthropic.claude-sonnet-4-5-20250929-v1:0</c> has scope
/// Global and base model <c>anthropic.claude-sonnet-4-5-20250929-v1:0</c>; <c>eu.…</c> is
/// Geographic with Geography "eu"; a bare ID is SourceRegion; an ARN is Application.
/// </summary>
public sealed record InferenceProfileId(string Id, ProfileScope Scope, string? Geography, string BaseModelId)
{
    public static readonly IReadOnlyList<string> Geographies = ["us", "eu", "apac", "jp", "au", "ca", "us-gov"];

    public static InferenceProfileId Parse(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return new InferenceProfileId(id, ProfileScope.Application, null, id);
        }

        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var prefix = id[..dot];
            if (prefix == "global")
            {
                return new InferenceProfileId(id, ProfileScope.Global, null, id[(dot + 1)..]);
            }

            if (Geographies.Contains(prefix, StringComparer.Ordinal))
            {
                return new InferenceProfileId(id, ProfileScope.Geographic, prefix, id[(dot + 1)..]);
            }
        }

        return new InferenceProfileId(id, ProfileScope.SourceRegion, null, id);
    }
}
