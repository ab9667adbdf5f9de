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
        => ExpandNamed(paths, option).Select(f => f.Path);

    /// <summary>
    /// <see cref="Expand"/>, saying of each file whether it was named on the command line
    /// (<c>Named</c>) or found in a folder.
    /// </summary>
    public static IEnumerable<(string Path, bool Named)> ExpandNamed(IEnumerable<string> paths, string option)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                yield return (path, true);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return (file, false);
                }
            }
            else
            {
                throw new ConfigException($"{option}: '{path}' is neither a file nor a folder");
            }
        }
    }

    /// <summary>
    /// Every record of every file under <paramref name="paths"/>, file after file in
    /// <see cref="Expand"/>'s order, each file's in its own order (the files are read in parallel,
    /// one a core, by <see cref="ReadAhead"/>). A file named in <paramref name="paths"/> that yields
    /// no record is a <see cref="ConfigException"/> with <paramref name="noRecord"/>'s message; one
    /// found in a folder is passed over (<see cref="ReadLog.PassedOver"/>), and the message comes
    /// only when no file at all gave a record.
    /// </summary>
    public static IEnumerable<T> ReadEach<T>(IEnumerable<string> paths, string option, ReadLog log, ReadProgress? progress, Func<string, ReadLog, ReadProgress?, IEnumerable<T>> readFile, Func<string, string> noRecord)
    {
        ArgumentNullException.ThrowIfNull(log);
        var expanded = ExpandNamed(paths, option).ToList();
        var named = expanded.Where(f => f.Named).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var files = expanded.Select(f => f.Path).ToList();
        progress?.FilesFound(files.Count, files.Sum(f => new FileInfo(f).Length));
        var records = ReadAhead.InFileOrder(files, Environment.ProcessorCount, (file, fileLog) => readFile(file, fileLog, progress), (file, fileLog) =>
        {
            if (fileLog.Records > 0)
            {
                log.Append(fileLog);
            }
            else if (named.Contains(file))
            {
                throw new ConfigException(noRecord(file));
            }
            else
            {
                // A file in a folder that holds none of these records (the emulator's log folder
                // has CloudTrail and metrics beside the invocation log; an S3 prefix has manifests):
                // passed over and listed, its lines not counted as skipped.
                log.PassOver(file);
            }
        }, progress);
        return ThrowIfNothing(records, log, () => noRecord(string.Join("', '", paths)));
    }

    private static IEnumerable<T> ThrowIfNothing<T>(IEnumerable<T> records, ReadLog log, Func<string> message)
    {
        foreach (var record in records)
        {
            yield return record;
        }

        if (log.Records == 0)
        {
            throw new ConfigException(message());
        }
    }

    /// <summary>
    /// The records of a file that is one JSON document whose array <paramref name="arrayName"/>
    /// holds them, element by element; <paramref name="parse"/> gets each element and its 1-based
    /// index and returns null for one it skipped (it says why to the log).
    /// </summary>
    public static IEnumerable<T> ReadDocument<T>(string file, string arrayName, string option, string expected, ReadLog log, ReadProgress? progress, Func<JsonElement, long, T?> parse)
        where T : class
    {
        var index = 0L;
        foreach (var element in JsonDocumentStream.Elements(file, arrayName, option, expected, progress))
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

    /// <summary>
    /// The records of a file with one per line (blank lines ignored, a UTF-8 byte order mark
    /// passed over): <paramref name="parse"/> gets each line's bytes, never a string, so a record
    /// costs no text decoding and body text is never copied.
    /// </summary>
    internal static IEnumerable<T> ReadLines<T>(string file, ReadLog log, ReadProgress? progress, LineParser<T> parse)
        where T : class
    {
        using var stream = Open(file, progress);
        var buffer = new byte[1 << 16];
        var filled = 0;
        var final = false;
        var line = 0L;
        var first = true;
        var found = new List<T>();
        while (true)
        {
            while (!final && filled < buffer.Length)
            {
                var n = stream.Read(buffer, filled, buffer.Length - filled);
                final = n == 0;
                filled += n;
            }

            var bom = first && buffer.AsSpan(0, filled).StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            first = false;
            var consumed = bom + Lines(buffer.AsSpan(bom, filled - bom), final, ref line, log, parse, found);
            foreach (var record in found)
            {
                yield return record;
            }

            found.Clear();
            if (final)
            {
                yield break;
            }

            if (consumed == 0)
            {
                // A line longer than the buffer: make room for the rest of it.
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
    }

    /// <summary>The file's content as a stream, gunzipped when it is gzip; compressed bytes read are added to <paramref name="progress"/>.</summary>
    public static Stream Open(string path, ReadProgress? progress = null)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        Stream raw = progress is null ? file : new Counted(file, progress);
        return n == 2 && magic[0] == GzipId1 && magic[1] == GzipId2 ? new GzipInput(new GZipStream(raw, CompressionMode.Decompress), path) : raw;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Blank => " \t\r\n\f\v"u8;

    /// <summary>Parses the whole lines of <paramref name="data"/> (and the last, unterminated one when <paramref name="final"/>); returns the bytes used.</summary>
    private static int Lines<T>(ReadOnlySpan<byte> data, bool final, ref long line, ReadLog log, LineParser<T> parse, List<T> found)
        where T : class
    {
        var consumed = 0;
        while (consumed < data.Length)
        {
            var rest = data[consumed..];
            var end = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> text;
            if (end >= 0)
            {
                text = rest[..end];
                consumed += end + 1;
            }
            else if (final)
            {
                text = rest;
                consumed = data.Length;
            }
            else
            {
                break;
            }

            line++;
            text = text.Trim(Blank);
            if (!text.IsEmpty && parse(text, line) is { } record)
            {
                log.RecordRead();
                found.Add(record);
            }
        }

        return consumed;
    }

    /// <summary>A file stream that adds each read's size to the progress.</summary>
    private sealed class Counted(FileStream inner, ReadProgress progress) : ReadOnlyStream(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            progress.BytesRead(n);
            return n;
        }
    }

    /// <summary>A gzip stream whose corruption is the user's input error (exit 2), named by file.</summary>
    private sealed class GzipInput(GZipStream inner, string path) : ReadOnlyStream(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new ConfigException($"{path}: not readable as gzip ({e.Message}); expected a whole .gz file as S3 delivers it, or plain text");
            }
        }
    }

    /// <summary>A forward-only read of another stream, which it owns.</summary>
    private abstract class ReadOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        protected Stream Inner => inner;

        public abstract override int Read(Span<byte> buffer);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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
