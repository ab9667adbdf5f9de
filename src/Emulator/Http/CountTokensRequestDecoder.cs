using System.Buffers;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The body of CountTokens: <c>input.converse</c> (checked like a Converse conversation, without a
/// model limit) or <c>input.invokeModel.body</c> (an InvokeModel body as a blob). Tool definitions,
/// tool calls and tool results count as they do when the request is sent.
/// </summary>
internal sealed class CountTokensRequestDecoder : IRequestDecoder
{
    public string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request)
    {
        var input = RequestBody.Deserialize(body, BedrockJsonContext.Default.CountTokensRequest)?.Input;
        if (input?.Converse is { } converse)
        {
            var invalid = ConverseRequestDecoder.Validate(converse.Messages, int.MaxValue, null);
            if (invalid is not null)
            {
                return invalid;
            }

            ConverseRequestDecoder.Scan(request.Scan, converse.System, converse.Messages, converse.ToolConfig);
            return null;
        }

        if (input?.InvokeModel is { } invoke)
        {
            var anthropic = AnthropicRequestDecoder.ParseBlob(invoke.Body);
            if (anthropic is null)
            {
                return "Malformed input request: input.invokeModel.body is not an InvokeModel JSON body, please reformat your input and try again.";
            }

            if (anthropic.Messages is null || anthropic.Messages.Count == 0)
            {
                return AnthropicRequestDecoder.NoMessages;
            }

            AnthropicRequestDecoder.Scan(request.Scan, anthropic);
            return null;
        }

        return "1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must have either 'converse' or 'invokeModel'";
    }
}
