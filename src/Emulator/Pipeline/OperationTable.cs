using LoadTest.Emulator.Http;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Pipeline;

/// <summary>The operations the emulator serves, each a (decode request, encode answer) pair over the one pipeline.</summary>
internal sealed class OperationTable
{
    private readonly OperationCodec[] _byOperation;

    public OperationTable(EmulatorOptions options, EmulatorClock clock)
    {
        var tokensPerDelta = options.TokensPerStreamDelta; // at least 1: EmulatorServer validates the options before any endpoint exists
        var converse = new ConverseRequestDecoder(options.DefaultMaxTokens);
        var anthropic = new AnthropicRequestDecoder();
        _byOperation = new OperationCodec[Enum.GetValues<BedrockOperation>().Length];
        _byOperation[(int)BedrockOperation.Converse] = new(converse, new ConverseEncoder(clock), Inference: true);
        _byOperation[(int)BedrockOperation.ConverseStream] = new(converse, new ConverseStreamEncoder(clock, tokensPerDelta), Inference: true);
        _byOperation[(int)BedrockOperation.InvokeModel] = new(anthropic, new InvokeModelEncoder(clock), Inference: true);
        _byOperation[(int)BedrockOperation.InvokeModelWithResponseStream] = new(anthropic, new InvokeModelStreamEncoder(clock, tokensPerDelta), Inference: true);
        _byOperation[(int)BedrockOperation.CountTokens] = new(new CountTokensRequestDecoder(), new CountTokensEncoder(), Inference: false);
    }

    public OperationCodec this[BedrockOperation operation] => _byOperation[(int)operation];
}
