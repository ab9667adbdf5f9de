using System.Text;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Collects what an answer contained into its <see cref="CallReport"/> as blocks are seen, streamed
/// or whole: thinking blocks and their text length (never the text), and tool calls with their
/// input JSON (streamed input arrives in fragments per block index and completes at the block's stop).
/// </summary>
internal sealed class AnswerTally(CallReport report)
{
    private readonly List<ToolCall> _calls = [];
    private Dictionary<int, OpenTool>? _open;
    private int _thinkingIndex = -1;

    public void Thinking(int index, int utf8Bytes)
    {
        if (index != _thinkingIndex)
        {
            report.ThinkingBlocks++;
            _thinkingIndex = index;
        }

        report.ThinkingTextBytes += utf8Bytes;
    }

    /// <summary>A whole thinking block (a non-streamed answer).</summary>
    public void ThinkingBlock(int utf8Bytes)
    {
        report.ThinkingBlocks++;
        report.ThinkingTextBytes += utf8Bytes;
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
    }

    private sealed record OpenTool(string Id, string Name, StringBuilder Input);
}
