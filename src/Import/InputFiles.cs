using System.Text.Json;
using System.IO.Compression;
using LoadTest.Core;

namespace LoadTest.Import;

/// <summary>
/// The files behind the PATH arguments: a file, or a folder read recursively in name order; each
/// opened as a stream, gunzipped when it starts with the gzip magic bytes whatever its name.
/// </summary>
public static class InputFiles
{
    /// <summary>gzip member header ID1, ID2 (RFC 1952 section 2.3.1: https://www.rfc-editor.org/rfc/rfc1952).</summary>
    private const byte GzipId1 = 0x1f;

    private const byte GzipId2 = 0x8b;

    /// <summary>Every file under the paths, in a stable order. A missing path is a ConfigException.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths, string option)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                yield return path;
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                throw new ConfigException($"{option}: '{path}' is neither a file nor a folder");
            }
        }
    }

    /// <summary>
    /// Every record of every file under <paramref name="paths"/>, file by file; a file that yields
    /// no record is a <see cref="ConfigException"/> with <paramref name="noRecord"/>'s message.
    /// </summary>
    public static IEnumerable<T> ReadEach<T>(IEnumerable<string> paths, string option, ReadLog log, Func<string, ReadLog, IEnumerable<T>> readFile, Func<string, string> noRecord)
    {
        foreach (var file in Expand(paths, option))
        {
            log.FileRead(file);
            var before = log.Records;
            foreach (var record in readFile(file, log))
            {
                yield return record;
            }

            if (log.Records == before)
            {
                throw new ConfigException(noRecord(file));
            }
        }
    }

    /// <summary>
    /// The records of a file that is one JSON document whose array <paramref name="arrayName"/>
    /// holds them, element by element; <paramref name="parse"/> gets each element and its 1-based
    /// index and returns null for one it skipped (it says why to the log).
    /// </summary>
    public static IEnumerable<T> ReadDocument<T>(string file, string arrayName, string option, string expected, ReadLog log, Func<JsonElement, long, T?> parse)
        where T : class
    {
        var index = 0L;
        foreach (var element in JsonDocumentStream.Elements(file, arrayName, option, expected))
        {
            index++;
            T? record;
            using (element)
            {
                record = parse(element.RootElement, index);
            }

            if (record is not null)
            {
                log.RecordRead();
                yield return record;
            }
        }
    }

    /// <summary>The records of a file with one per line (blank lines ignored); <paramref name="parse"/> gets the line's text and number, null = skipped.</summary>
    public static IEnumerable<T> ReadLines<T>(string file, ReadLog log, Func<string, long, T?> parse)
        where T : class
    {
        using var reader = OpenText(file);
        var line = 0L;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (parse(text, line) is { } record)
            {
                log.RecordRead();
                yield return record;
            }
        }
    }

    /// <summary>A text reader over the file, gunzipping when the content is gzip.</summary>
    public static StreamReader OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        Stream stream = n == 2 && magic[0] == GzipId1 && magic[1] == GzipId2 ? new GzipInput(new GZipStream(file, CompressionMode.Decompress), path) : file;
        return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }

    /// <summary>A gzip stream whose corruption is the user's input error (exit 2), named by file.</summary>
    private sealed class GzipInput(GZipStream inner, string path) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new ConfigException($"{path}: not readable as gzip ({e.Message}); expected a whole .gz file as S3 delivers it, or plain text");
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
