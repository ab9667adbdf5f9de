using LoadTest.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LoadTest.Config;

/// <summary>
/// Walks a YAML document's parser events once, before any node is built, and refuses what would
/// crash or swamp the node builder: nesting deeper than <see cref="MaxDepth"/> (YamlDotNet builds
/// nodes recursively; 100,000 nested brackets overflowed the stack and killed the process), more
/// than <see cref="MaxExpandedNodes"/> nodes once aliases are expanded (a billion-laughs alias
/// bomb), an alias that is undefined or refers to a node containing it, a key that is a list or a
/// mapping, a key given twice in one mapping, and a second document. Each is reported at the
/// offending token's own line and column. The parser itself keeps its state on the heap, so the
/// walk is safe at any depth.
/// </summary>
internal static class YamlLimits
{
    /// <summary>Nested lists and mappings; scenarios.yaml needs about 6.</summary>
    public const int MaxDepth = 64;

    /// <summary>Nodes after expanding every alias; the shipped scenarios.yaml has about 400.</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>10 MiB; the shipped scenarios.yaml is about 6 KB.</summary>
    public const int MaxDocumentBytes = 10 * 1024 * 1024;

    public static void Check(string text, string? file)
    {
        ArgumentNullException.ThrowIfNull(text);

        // UTF-8 takes at least one byte a character, so this is a lower bound of the file's size.
        if (text.Length > MaxDocumentBytes)
        {
            throw new ConfigException($"{file ?? "<config>"}: the document is over {MaxDocumentBytes:N0} bytes (10 MiB), the limit for scenarios.yaml");
        }

        var parser = new Parser(new StringReader(text));
        var open = new Stack<Frame>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        long expanded = 0;
        var documents = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            switch (e)
            {
                case DocumentStart start:
                    if (++documents > 1)
                    {
                        throw Fail(file, start, "a second YAML document ('---'); scenarios.yaml is one document");
                    }

                    break;
                case Scalar scalar:
                    Key(open, scalar, file);
                    Add(open, anchors, scalar.Anchor, 1, ref expanded, scalar, file);
                    break;
                case AnchorAlias alias:
                    Key(open, alias, file);
                    var name = alias.Value.Value;
                    if (open.Any(f => f.Anchor == name))
                    {
                        throw Fail(file, alias, $"alias '*{name}' refers to a node that contains it (a cycle)");
                    }

                    if (!anchors.TryGetValue(name, out var size))
                    {
                        throw Fail(file, alias, $"alias '*{name}' is not defined; an alias needs '&{name}' on a node before it");
                    }

                    Add(open, anchors, AnchorName.Empty, size, ref expanded, alias, file);
                    break;
                case MappingStart or SequenceStart:
                    Key(open, e, file);
                    if (open.Count >= MaxDepth)
                    {
                        throw Fail(file, e, $"lists and mappings are nested more than {MaxDepth} deep, the limit for scenarios.yaml");
                    }

                    var anchor = ((NodeEvent)e).Anchor;
                    open.Push(new Frame(e is MappingStart, anchor.IsEmpty ? null : anchor.Value));
                    break;
                case MappingEnd or SequenceEnd:
                    var done = open.Pop();
                    Add(open, anchors, done.Anchor is null ? AnchorName.Empty : new AnchorName(done.Anchor), done.Nodes + 1, ref expanded, e, file, counted: done.Nodes);
                    break;
            }
        }
    }

    /// <summary>In a mapping, every other node is a key: it must be a plain scalar, once per mapping.</summary>
    private static void Key(Stack<Frame> open, ParsingEvent e, string? file)
    {
        if (!open.TryPeek(out var frame) || !frame.IsMapping)
        {
            return;
        }

        // A mapping's nodes alternate key, value, key, value...
        if (frame.Children++ % 2 == 0)
        {
            if (e is not Scalar key)
            {
                throw Fail(file, e, e is AnchorAlias
                    ? "an alias cannot be a key; keys are plain names such as 'rpm'"
                    : "a key should be a plain name such as 'rpm', not a list or a mapping");
            }

            if (!frame.Keys.Add(key.Value))
            {
                throw Fail(file, e, $"the key '{key.Value}' is given twice in the same mapping");
            }
        }
    }

    /// <summary>Counts a finished node into its parent and the total, and remembers its size under its anchor.</summary>
    private static void Add(Stack<Frame> open, Dictionary<string, long> anchors, AnchorName anchor, long size, ref long expanded, ParsingEvent at, string? file, long counted = 0)
    {
        // A collection's own children were already added to the total as they finished.
        expanded += size - counted;
        if (expanded > MaxExpandedNodes)
        {
            throw Fail(file, at, $"the document expands to more than {MaxExpandedNodes:N0} nodes once its aliases are expanded (an alias bomb?), the limit for scenarios.yaml");
        }

        if (open.TryPeek(out var parent))
        {
            parent.Nodes += size;
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = size;
        }
    }

    private static ConfigException Fail(string? file, ParsingEvent at, string message)
        => new(file, at.Start.Line, at.Start.Column, message);

    private sealed class Frame(bool isMapping, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public long Children { get; set; }

        public long Nodes { get; set; }

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
