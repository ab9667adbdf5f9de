using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The InvokeModel answer for Amazon Nova: Nova's own body (<c>output.message.{role, content[{text}]}</c>,
/// <c>stopReason</c>, <c>usage</c> with <c>cacheReadInputTokenCount</c> and
/// <c>cacheWriteInputTokenCount</c>, zero without cache points) and the same <c>X-Amzn-Bedrock-*</c>
/// headers as every InvokeModel answer. Shape: <see cref="NovaResponse"/>.
/// </summary>
internal sealed class NovaInvokeModelEncoder : JsonResponseEncoder
{
    private readonly EmulatorClock _clock;

    public NovaInvokeModelEncoder(EmulatorClock clock)
    {
        _clock = clock;
    }

    public override Task WriteAsync(Invocation inv)
    {
        var response = new NovaResponse
        {
            Output = new NovaOutput { Message = new NovaOutputMessage { Content = [new NovaText { Text = SyntheticText.Tokens(inv.OutputTokens) }] } },
            StopReason = inv.StopReason,
            Usage = new NovaUsage
            {
                InputTokens = (int)inv.InputTokens,
                OutputTokens = inv.OutputTokens,
                TotalTokens = (int)(inv.InputTokens + inv.OutputTokens + inv.Cache.ReadTokens + inv.Cache.WriteTokens),
                CacheReadInputTokenCount = (int)inv.Cache.ReadTokens,
                CacheWriteInputTokenCount = (int)inv.Cache.WriteTokens,
            },
        };
        InvokeModelEncoder.SetSuccessHeaders(inv, _clock);
        return BedrockResponse.WriteJsonAsync(inv.Http, response, EmulatorJsonContext.Default.NovaResponse);
    }
}
