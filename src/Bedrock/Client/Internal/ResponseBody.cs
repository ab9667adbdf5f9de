using System.Buffers;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>Parses a whole non-streaming response body.</summary>
internal delegate T BodyParser<out T>(ReadOnlySpan<byte> body);

/// <summary>
/// Reads a non-streaming response body into a pooled buffer and parses it in one synchronous
/// pass. Cheaper per call than System.Text.Json's async stream deserializer or a MemoryStream
/// copy (measured in bench/harness/ClientBench): the bodies are small and usually already in
/// the connection's buffer, so the reads complete synchronously.
/// </summary>
internal static class ResponseBody
{
    private const int FirstBufferSize = 4096;

    public static async Task<T> ReadAsync<T>(Stream stream, BodyParser<T> parse, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
