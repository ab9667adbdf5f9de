using System.Buffers;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Http;

/// <summary>Parses and validates one operation's request body the way Bedrock does.</summary>
internal interface IRequestDecoder
{
    /// <summary>
    /// Decodes <paramref name="body"/> into <paramref name="request"/>. Returns the
    /// ValidationException message when Bedrock would refuse the body, null when it is valid.
    /// Malformed JSON throws <see cref="System.Text.Json.JsonException"/>, which
    /// <see cref="RequestBody"/> turns into Bedrock's "Malformed input request" message.
    /// </summary>
    string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request);
}
