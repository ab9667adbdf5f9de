using System.Text;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Collects what an answer contained into its <see cref="CallReport"/> as blocks are seen, streamed
/// or whole: thinking blocks with their text length, and their text and signature for the next turn
/// (in memory only), and tool calls with their input JSON (streamed input arrives in fragments per
/// block index and completes at the block's stop).
/// </summary>
internal sealed class AnswerTally(CallReport report)
{
    private readonly List<ToolCall> _calls = [];
    private Dictionary<int, OpenTool>? _open;
    private Dictionary<int, OpenBlock>? _thinking;
    private int _thinkingIndex = -1;

    /// <summary>A streamed thinking delta of block <paramref name="index"/>: its length, and its text to send back.</summary>
    public void Thinking(int index, int utf8Bytes, string? text)
    {
        CountThinkingBlock(index);
        report.ThinkingTextBytes += utf8Bytes;
        OpenThinking(index).Text.Append(text);
    }

    /// <summary>The signature of streamed thinking block <paramref name="index"/> (it comes after the text).</summary>
    public void Signature(int index, string signature)
    {
        var block = OpenThinking(index);
        block.Signature = (block.Signature ?? "") + signature;
    }

    /// <summary>A redacted thinking block, streamed or whole: its opaque data, sent back as it came.</summary>
    public void Redacted(int index, string data)
    {
        CountThinkingBlock(index);
        OpenThinking(index).Redacted = data;
    }

    /// <summary>A delta of a block index not seen last starts a new thinking block (text and redacted alike).</summary>
    private void CountThinkingBlock(int index)
    {
        if (index != _thinkingIndex)
        {
            report.ThinkingBlocks++;
            _thinkingIndex = index;
        }
    }

    /// <summary>A whole redacted thinking block (a non-streamed answer).</summary>
    public void RedactedBlock(string data) => Redacted(_thinking?.Count ?? 0, data);

    /// <summary>A whole thinking block (a non-streamed answer).</summary>
    public void ThinkingBlock(string text, string? signature)
    {
        report.ThinkingBlocks++;
        report.ThinkingTextBytes += Encoding.UTF8.GetByteCount(text);
        var block = OpenThinking(_thinking?.Count ?? 0);
        block.Text.Append(text);
        block.Signature = signature;
    }

    public void ToolStart(int index, string id, string name)
        => (_open ??= [])[index] = new OpenTool(id, name, new StringBuilder());

    public void ToolInput(int index, string fragment)
    {
        if (_open is not null && _open.TryGetValue(index, out var tool))
        {
            tool.Input.Append(fragment);
        }
    }

    public void BlockStop(int index)
    {
        if (_open is not null && _open.Remove(index, out var tool))
        {
            _calls.Add(new ToolCall(tool.Id, tool.Name, tool.Input.Length == 0 ? "{}" : tool.Input.ToString()));
        }
    }

    /// <summary>A whole tool call (a non-streamed answer).</summary>
    public void Tool(ToolCall call) => _calls.Add(call);

    /// <summary>Closes calls whose block stop never came and publishes the calls on the report.</summary>
    public void Complete()
    {
        if (_open is { Count: > 0 })
        {
            foreach (var index in _open.Keys.Order().ToList())
            {
                BlockStop(index);
            }
        }

        if (_calls.Count > 0)
        {
            report.ToolCalls = _calls.ToArray();
        }

        if (_thinking is { Count: > 0 })
        {
            report.Thinking = _thinking.OrderBy(t => t.Key).Select(t => t.Value.Redacted is { } data ? new ThinkingBlock(null, null, data) : new ThinkingBlock(t.Value.Text.ToString(), t.Value.Signature)).ToArray();
        }
    }

    private OpenBlock OpenThinking(int index)
    {
        _thinking ??= [];
        if (!_thinking.TryGetValue(index, out var block))
        {
            block = new OpenBlock();
            _thinking[index] = block;
        }

        return block;
    }

    private sealed record OpenTool(string Id, string Name, StringBuilder Input);

    private sealed class OpenBlock
    {
        public StringBuilder Text { get; } = new();

        public string? Signature { get; set; }

        public string? Redacted { get; set; }
    }
}
