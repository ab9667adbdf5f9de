using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>The CountTokens answer: <c>{"inputTokens": n}</c>, the whole prompt by the emulator's token rule.</summary>
internal sealed class CountTokensEncoder : JsonResponseEncoder
{
    public override Task WriteAsync(Invocation inv)
    {
        BedrockResponse.SetSuccessHeaders(inv, "application/json");
        var tokens = (int)Math.Min(int.MaxValue, inv.Scan.Tokens);
        return BedrockResponse.WriteJsonAsync(inv.Http, new CountTokensResponse { InputTokens = tokens }, BedrockJsonContext.Default.CountTokensResponse);
    }
}
