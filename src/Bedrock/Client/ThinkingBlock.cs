using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client;

/// <summary>
/// A thinking block of Claude's answer as it came: its text and signature, or a redacted block's
/// opaque data. Kept in memory so the next turn can send it back unchanged (Claude refuses a turn
/// answering a tool call without the signed thinking block that came with the call, and a block whose
/// text or signature changed). The text is the model's output, as a prompt is the user's: never log it
/// or write it to a result file; <see cref="ToString"/> shows sizes only.
/// </summary>
public sealed record ThinkingBlock(string? Text, string? Signature, string? RedactedData = null)
{
    /// <summary>The block as the first content block of the assistant turn of a next Converse request.</summary>
    public ContentBlock ToConverseBlock() => new()
    {
        ReasoningContent = RedactedData is { } data
            ? new ReasoningContentBlock { RedactedContent = data }
            : new ReasoningContentBlock { ReasoningText = new ReasoningTextBlock { Text = Text ?? "", Signature = Signature } },
    };

    public override string ToString()
        => RedactedData is { } data ? $"redacted thinking ({data.Length} characters)" : $"thinking ({Text?.Length ?? 0} characters, {(Signature is null ? "unsigned" : "signed")})";
}
