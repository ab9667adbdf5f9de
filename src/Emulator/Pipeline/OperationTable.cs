using LoadTest.Core.Access;
using LoadTest.Core.Models;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Pipeline;

/// <summary>
/// The operations the emulator serves for each model family, each a (decode request, encode answer)
/// pair over the one pipeline. Converse and ConverseStream are the same for every text model;
/// InvokeModel and its stream speak the family's own body. An operation a family does not support
/// has no entry and is refused with Bedrock's words (<see cref="Unsupported"/>).
/// </summary>
internal sealed class OperationTable
{
    private readonly OperationCodec?[,] _codecs;

    public OperationTable(EmulatorOptions options, EmulatorClock clock)
    {
        var tokensPerDelta = options.TokensPerStreamDelta; // at least 1: EmulatorServer validates the options before any endpoint exists
        var converseDecoder = new ConverseRequestDecoder(options.Reservation);
        var converse = new OperationCodec(converseDecoder, new ConverseEncoder(clock), Inference: true);
        var converseStream = new OperationCodec(converseDecoder, new ConverseStreamEncoder(clock, tokensPerDelta), Inference: true);
        _codecs = new OperationCodec?[Enum.GetValues<ModelFamily>().Length, Enum.GetValues<BedrockOperation>().Length];

        var anthropic = new AnthropicRequestDecoder();
        Set(ModelFamily.AnthropicClaude, BedrockOperation.Converse, converse);
        Set(ModelFamily.AnthropicClaude, BedrockOperation.ConverseStream, converseStream);
        Set(ModelFamily.AnthropicClaude, BedrockOperation.InvokeModel, new(anthropic, new InvokeModelEncoder(clock), Inference: true));
        Set(ModelFamily.AnthropicClaude, BedrockOperation.InvokeModelWithResponseStream, new(anthropic, new InvokeModelStreamEncoder(clock, tokensPerDelta), Inference: true));
        Set(ModelFamily.AnthropicClaude, BedrockOperation.CountTokens, new(new CountTokensRequestDecoder(), new CountTokensEncoder(), Inference: false));

        var nova = new NovaRequestDecoder(options.Reservation);
        Set(ModelFamily.AmazonNova, BedrockOperation.Converse, converse);
        Set(ModelFamily.AmazonNova, BedrockOperation.ConverseStream, converseStream);
        Set(ModelFamily.AmazonNova, BedrockOperation.InvokeModel, new(nova, new NovaInvokeModelEncoder(clock), Inference: true));
        Set(ModelFamily.AmazonNova, BedrockOperation.InvokeModelWithResponseStream, new(nova, new NovaInvokeModelStreamEncoder(clock, tokensPerDelta), Inference: true));

        Set(ModelFamily.CohereEmbed, BedrockOperation.InvokeModel, new(new CohereEmbedRequestDecoder(), new CohereEmbedEncoder(clock), Inference: true));
    }

    /// <summary>The codec of an operation for a model family; null when the family does not support it.</summary>
    public OperationCodec? this[ModelFamily family, BedrockOperation operation] => _codecs[(int)family, (int)operation];

    /// <summary>
    /// Bedrock's ValidationException for an operation the model does not support. Converse on a
    /// model that is not a text or chat model: "This action doesn't support the model that you
    /// provided. Try again with a supported text or chat model."; a stream from an embedding model:
    /// "The model is unsupported for streaming" (Bedrock's documented answer for Cohere Embed, which
    /// does not stream: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html;
    /// the message as Bedrock returns it is recorded in public SDK test fixtures); CountTokens on a
    /// model it does not count (Nova, Cohere): "The provided model doesn't support counting tokens."
    /// </summary>
    public static string Unsupported(BedrockOperation operation) => operation switch
    {
        BedrockOperation.Converse or BedrockOperation.ConverseStream => "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
        BedrockOperation.InvokeModelWithResponseStream => "The model is unsupported for streaming",
        BedrockOperation.CountTokens => "The provided model doesn't support counting tokens.",
        _ => "This action doesn't support the model that you provided.",
    };

    private void Set(ModelFamily family, BedrockOperation operation, OperationCodec codec) => _codecs[(int)family, (int)operation] = codec;
}
