using System.Globalization;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The InvokeModel answer for an Anthropic Claude model: the Messages response as the body (a
/// <c>thinking</c> block with its signature, a <c>text</c> block, a <c>tool_use</c> block, each when the
/// answer has it), and the token counts and latency in <c>X-Amzn-Bedrock-*</c> headers.
/// </summary>
internal sealed class InvokeModelEncoder : JsonResponseEncoder
{
    private readonly EmulatorClock _clock;

    public InvokeModelEncoder(EmulatorClock clock)
    {
        _clock = clock;
    }

    /// <summary>An Anthropic message ID (<c>msg_bdrk_</c> and 24 hex digits), drawn from the request's random stream.</summary>
    public static string MessageId(ref RequestRandom random)
        => string.Create(CultureInfo.InvariantCulture, $"msg_bdrk_{random.NextUInt64():x16}{random.NextUInt64() & 0xFFFFFFFF:x8}");

    public static AnthropicUsage Usage(Invocation inv, int outputTokens) => new()
    {
        InputTokens = (int)inv.InputTokens,
        OutputTokens = outputTokens,
        CacheCreationInputTokens = (int)inv.Cache.WriteTokens,
        CacheReadInputTokens = (int)inv.Cache.ReadTokens,
    };

    /// <summary>Block <paramref name="block"/> of the answer, whole (or, with <paramref name="empty"/>, as a stream's content_block_start has it).</summary>
    public static AnthropicContentBlock Block(AnswerPlan answer, int block, bool empty = false) => answer.Kind(block) switch
    {
        AnswerBlockKind.Thinking => new AnthropicContentBlock { Type = "thinking", Thinking = empty ? "" : SyntheticText.Tokens(answer.ThinkingTokens), Signature = empty ? "" : answer.Signature },
        AnswerBlockKind.Text => new AnthropicContentBlock { Type = "text", Text = empty ? "" : SyntheticText.Tokens(answer.TextTokens) },
        _ => new AnthropicContentBlock { Type = "tool_use", Id = answer.Tool!.Id, Name = answer.Tool.Name, Input = ConverseEncoder.JsonElementOf(empty ? "{}" : answer.Tool.InputJson) },
    };

    public override Task WriteAsync(Invocation inv)
    {
        var answer = inv.Answer;
        var content = new List<AnthropicContentBlock>(answer.BlockCount);
        for (var block = 0; block < answer.BlockCount; block++)
        {
            content.Add(Block(answer, block));
        }

        var response = new AnthropicResponse
        {
            Id = MessageId(ref inv.Random),
            Model = inv.Model.BaseModelId,
            Content = content,
            StopReason = inv.StopReason,
            Usage = Usage(inv, inv.OutputTokens),
        };
        SetSuccessHeaders(inv, _clock);
        return BedrockResponse.WriteJsonAsync(inv.Http, response, BedrockJsonContext.Default.AnthropicResponse);
    }

    /// <summary>
    /// What every InvokeModel answer carries whatever the model: status 200, JSON, and the token
    /// counts and latency in <c>X-Amzn-Bedrock-*</c> headers (an embedding model's output count is 0).
    /// </summary>
    public static void SetSuccessHeaders(Invocation inv, EmulatorClock clock)
    {
        BedrockResponse.SetSuccessHeaders(inv, "application/json");
        var headers = inv.Http.Response.Headers;
        headers["X-Amzn-Bedrock-Input-Token-Count"] = inv.InputTokens.ToString(CultureInfo.InvariantCulture);
        headers["X-Amzn-Bedrock-Output-Token-Count"] = inv.OutputTokens.ToString(CultureInfo.InvariantCulture);
        headers["X-Amzn-Bedrock-Invocation-Latency"] = clock.WholeMillisecondsSince(inv.StartTimestamp).ToString(CultureInfo.InvariantCulture);
        if (inv.CacheUsed)
        {
            headers["X-Amzn-Bedrock-Cache-Read-Input-Token-Count"] = inv.Cache.ReadTokens.ToString(CultureInfo.InvariantCulture);
            headers["X-Amzn-Bedrock-Cache-Write-Input-Token-Count"] = inv.Cache.WriteTokens.ToString(CultureInfo.InvariantCulture);
        }
    }
}
