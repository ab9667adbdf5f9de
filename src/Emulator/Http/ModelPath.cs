using LoadTest.Core.Access;

namespace LoadTest.Emulator.Http;

/// <summary>
/// Splits a raw request target <c>/model/{modelId}/{operation}[?query]</c>. The model ID stays
/// raw (still percent-encoded) because ASP.NET's decoded path keeps %2F but decodes %3A, and the
/// model directory looks up every encoded form directly.
/// </summary>
internal static class ModelPath
{
    private const string Prefix = "/model/";

    public static bool TryParse(string rawTarget, out Range modelSegment, out BedrockOperation operation)
    {
        modelSegment = default;
        operation = default;
        var span = rawTarget.AsSpan();
        var q = span.IndexOf('?');
        if (q >= 0)
        {
            span = span[..q];
        }

        var start = span.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var from = start + Prefix.Length;
        var rest = span[from..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var op = rest[(slash + 1)..];
        if (op.Length > 0 && op[^1] == '/')
        {
            op = op[..^1];
        }

        if (!BedrockOperations.TryParsePathSuffix(op, out operation))
        {
            return false;
        }

        modelSegment = new Range(from, from + slash);
        return true;
    }
}
