using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>The Converse answer: the assistant message, stop reason, usage and latency as one JSON body.</summary>
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
        var response = new ConverseResponse
        {
            Output = new ConverseOutput
            {
                Message = new Message { Role = "assistant", Content = [ContentBlock.FromText(SyntheticText.Tokens(inv.OutputTokens))] },
            },
            StopReason = inv.StopReason,
            Usage = Usage(inv),
            Metrics = new ConverseMetrics { LatencyMs = _clock.WholeMillisecondsSince(inv.StartTimestamp) },
        };
        BedrockResponse.SetSuccessHeaders(inv, "application/json");
        return BedrockResponse.WriteJsonAsync(inv.Http, response, BedrockJsonContext.Default.ConverseResponse);
    }
}
