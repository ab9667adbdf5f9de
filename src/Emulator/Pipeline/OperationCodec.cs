using LoadTest.Emulator.Http;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Pipeline;

/// <summary>What makes one Bedrock Runtime operation different from the others: how its body is read and how its answer is written.</summary>
/// <param name="Decoder">Parses and validates the body into the shared request shape.</param>
/// <param name="Encoder">Writes the answer: a whole JSON body or an event stream.</param>
/// <param name="Inference">
/// True when the request runs the model (faults, admission, generation and pacing); false for
/// CountTokens, which is answered at once, takes no quota and has no faults.
/// </param>
internal sealed record OperationCodec(IRequestDecoder Decoder, ResponseEncoder Encoder, bool Inference);
