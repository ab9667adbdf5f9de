using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The Converse answer: the assistant message (a <c>reasoningContent</c> block with the thinking text and
/// its signature, the text, a <c>toolUse</c> block, each when the answer has it), stop reason, usage
/// (output tokens include thinking) and latency as one JSON body.
/// </summary>
internal sealed class ConverseEncoder : JsonResponseEncoder
{
    private readonly EmulatorClock _clock;

    public ConverseEncoder(EmulatorClock clock)
    {
        _clock = clock;
    }

    /// <summary>Converse usage: cache counts only when the request had cache points.</summary>
    public static TokenUsage Usage(Invocation inv) => new()
    {
        InputTokens = (int)inv.InputTokens,
        OutputTokens = inv.OutputSent,
        TotalTokens = (int)(inv.InputTokens + inv.OutputSent + inv.Cache.ReadTokens + inv.Cache.WriteTokens),
        CacheReadInputTokens = inv.CacheUsed ? (int)inv.Cache.ReadTokens : null,
        CacheWriteInputTokens = inv.CacheUsed ? (int)inv.Cache.WriteTokens : null,
    };

    public override Task WriteAsync(Invocation inv)
    {
        var answer = inv.Answer;
        var content = new List<ContentBlock>(answer.BlockCount);
        for (var block = 0; block < answer.BlockCount; block++)
        {
            content.Add(answer.Kind(block) switch
            {
                AnswerBlockKind.Thinking => new ContentBlock
                {
                    ReasoningContent = new ReasoningContentBlock { ReasoningText = new ReasoningTextBlock { Text = SyntheticText.Tokens(answer.ThinkingTokens), Signature = answer.Signature } },
                },
                AnswerBlockKind.Text => new ContentBlock { Text = SyntheticText.Tokens(answer.TextTokens) },
                _ => new ContentBlock { ToolUse = new ToolUseBlock { ToolUseId = answer.Tool!.Id, Name = answer.Tool.Name, Input = JsonElementOf(answer.Tool.InputJson) } },
            });
        }

        var response = new ConverseResponse
        {
            Output = new ConverseOutput { Message = new Message { Role = "assistant", Content = content } },
            StopReason = inv.StopReason,
            Usage = Usage(inv),
            Metrics = new ConverseMetrics { LatencyMs = _clock.WholeMillisecondsSince(inv.StartTimestamp) },
        };
        BedrockResponse.SetSuccessHeaders(inv, "application/json");
        return BedrockResponse.WriteJsonAsync(inv.Http, response, BedrockJsonContext.Default.ConverseResponse);
    }

    /// <summary>A tool input as a JSON value to embed in an answer.</summary>
    public static JsonElement JsonElementOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
