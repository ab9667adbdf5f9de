using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client;

/// <summary>
/// A tool the model called: its id, name and input JSON, kept so the next turn can answer it
/// (<see cref="ToConverseBlock"/>, <see cref="ToAnthropicBlock"/>). The input is the model's
/// output, as a prompt is the user's: never write it to a result file.
/// </summary>
public sealed record ToolCall(string Id, string Name, string InputJson)
{
    /// <summary>The call as the assistant turn's toolUse block of a next Converse request.</summary>
    public ContentBlock ToConverseBlock() => new() { ToolUse = new ToolUseBlock { ToolUseId = Id, Name = Name, Input = Input() } };

    /// <summary>The call as the assistant turn's tool_use block of a next Anthropic body.</summary>
    public AnthropicContentBlock ToAnthropicBlock() => new() { Type = "tool_use", Id = Id, Name = Name, Input = Input() };

    private JsonElement Input()
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(InputJson) ? "{}" : InputJson);
        return document.RootElement.Clone();
    }
}
