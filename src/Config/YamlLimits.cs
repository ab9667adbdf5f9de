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

        RefuseUnprintable(text, file);
        var parser = new Parser(new StringReader(text));
        var open = new Stack<Frame>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        long expanded = 0;
        var documents = 0;
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                Walk(e, open, anchors, ref expanded, ref documents, file);
                last = e.End;
            }
        }
        catch (YamlException e)
        {
            // YamlDotNet leaves some errors unplaced (a tab as indentation comes at 1:1): place them after the last good token.
            var at = e.Start.Index > 0 || e.Start.Line > 1 ? e.Start : PlaceUnplaced(text, e.Message, last);
            throw new ConfigException(file, at.Line, at.Column, "invalid YAML: " + TrimMessage(e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // YamlDotNet 18.1's scanner fails this way on some malformed flow collections, e.g. a
            // '{' never closed before the next block key. The innermost open bracket is the likely culprit.
            if (open.FirstOrDefault(f => f.Flow) is { } flow)
            {
                throw new ConfigException(file, flow.Start.Line, flow.Start.Column, $"invalid YAML: this '{(flow.IsMapping ? '{' : '[')}' is not closed; expected '{(flow.IsMapping ? '}' : ']')}' after its last entry");
            }

            var at = last.Line > 0 ? last : new Mark(0, 1, 1);
            throw new ConfigException(file, at.Line, at.Column, "invalid YAML: the text after this point cannot be read");
        }
    }

    /// <summary>YamlDotNet's message without its own position prefix ("(Line: x, Col: y, Idx: z) - (...): "); we print ours.</summary>
    internal static string TrimMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 ? message[(i + 3)..] : message;
    }

    private static void Walk(ParsingEvent e, Stack<Frame> open, Dictionary<string, long> anchors, ref long expanded, ref int documents, string? file)
    {
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
                var flow = e is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                open.Push(new Frame(e is MappingStart, anchor.IsEmpty ? null : anchor.Value, flow, e.Start));
                break;
            case MappingEnd or SequenceEnd:
                var done = open.Pop();
                Add(open, anchors, done.Anchor is null ? AnchorName.Empty : new AnchorName(done.Anchor), done.Nodes + 1, ref expanded, e, file, counted: done.Nodes);
                break;
        }
    }

    /// <summary>YAML allows printable characters, tabs and line breaks only; a stray control character (a pasted bell, a NUL) is refused where it is.</summary>
    private static void RefuseUnprintable(string text, string? file)
    {
        long line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }

            var printable = c is '\t' or '\r' or '\u0085' or (>= ' ' and <= '~') or (>= '\u00A0' and <= '\uFFFD');
            if (!printable)
            {
                throw new ConfigException(file, line, i - lineStart + 1, $"control character U+{(int)c:X4} is not allowed in scenarios.yaml (YAML allows printable characters, tabs and line breaks)");
            }
        }
    }

    /// <summary>Where an unplaced parser error most likely is: a tab in the indentation after the last good token, else just after that token.</summary>
    private static Mark PlaceUnplaced(string text, string message, Mark last)
    {
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            var lines = text.Split('\n');
            for (var i = (int)Math.Max(0, last.Line - 1); i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
                if (tab >= 0 && tab < indent)
                {
                    return new Mark(0, i + 1, tab + 1);
                }
            }
        }

        return last.Line > 0 ? last : new Mark(0, 1, 1);
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

    private sealed class Frame(bool isMapping, string? anchor, bool flow, Mark start)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        /// <summary>Written with brackets ({...} or [...]) rather than indentation.</summary>
        public bool Flow { get; } = flow;

        public Mark Start { get; } = start;

        public long Children { get; set; }

        public long Nodes { get; set; }

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
