using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>An answer sent whole, once the model has finished: headers and one JSON body.</summary>
internal abstract class JsonResponseEncoder : ResponseEncoder
{
    /// <summary>Sets the success headers and writes the body.</summary>
    public abstract Task WriteAsync(Invocation inv);
}
