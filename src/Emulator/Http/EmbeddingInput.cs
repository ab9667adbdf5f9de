using System.Text.Json;

namespace LoadTest.Emulator.Http;

/// <summary>
/// A decoded embedding request, kept until the answer is written: one seed per input item (a hash
/// of its content, so the same input always gets the same vector), what to echo back, and the
/// vector shape asked for.
/// </summary>
/// <param name="Seeds">Per input item, in order.</param>
/// <param name="Texts">The <c>texts</c> to echo, when the request used them.</param>
/// <param name="Inputs">The <c>inputs</c> items to echo, when the request used them.</param>
/// <param name="Types">The <c>embedding_types</c> asked for (distinct, in request order); null = not given, which answers <c>embeddings_floats</c>.</param>
/// <param name="Dimension">The <c>output_dimension</c> (default 1536).</param>
internal sealed record EmbeddingInput(ulong[] Seeds, List<string>? Texts, List<JsonElement>? Inputs, List<string>? Types, int Dimension);
