namespace LoadTest.Core.Access;

/// <summary>
/// A JSON value of a policy file with the 1-based line and column where it starts, so every
/// complaint about a policy can point at the text. Objects keep their members in file order.
/// </summary>
internal sealed class PolicyJsonNode
{
    public enum NodeKind
    {
        Object,
        Array,
        String,
        Number,
        Bool,
        Null,
    }

    public required NodeKind Kind { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    /// <summary>The text of a string, number or bool.</summary>
    public string Text { get; init; } = "";

    /// <summary>Members of an object: name, where the name starts, and value.</summary>
    public List<(string Name, int Line, int Column, PolicyJsonNode Value)> Members { get; } = [];

    public List<PolicyJsonNode> Items { get; } = [];

    public string Describe() => Kind switch
    {
        NodeKind.Object => "an object",
        NodeKind.Array => "an array",
        NodeKind.String => $"the string \"{Text}\"",
        NodeKind.Null => "null",
        _ => Text,
    };
}
