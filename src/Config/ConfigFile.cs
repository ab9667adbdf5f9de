using System.Runtime.InteropServices;
using System.Text;
using LoadTest.Core;

namespace LoadTest.Config;

/// <summary>
/// Reads a config file's text for the YAML reader, refusing what is not a config file before it is
/// opened (a directory, a FIFO, a device: opening a FIFO would wait for a writer forever), a file
/// over <see cref="YamlLimits.MaxDocumentBytes"/>, and bytes that are not UTF-8 (with the line and
/// column of the first bad byte, instead of reading them as U+FFFD).
/// </summary>
internal static class ConfigFile
{
    public static string ReadText(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ConfigException($"{path}: is a directory; --config takes a scenarios.yaml file");
        }

        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: no such file");
        }

        if (FileType.Describe(path) is { } notRegular)
        {
            throw new ConfigException($"{path}: is not a regular file ({notRegular}); --config takes a scenarios.yaml file");
        }

        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length > YamlLimits.MaxDocumentBytes)
            {
                throw new ConfigException($"{path}: the file is {stream.Length:N0} bytes; the limit is {YamlLimits.MaxDocumentBytes:N0} bytes (10 MiB)");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the file: {e.Message}", e);
        }

        return Decode(bytes, path);
    }

    /// <summary>Strict UTF-8 (a BOM is skipped); the first invalid byte is reported with its line and column.</summary>
    public static string Decode(byte[] bytes, string? file)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            // The valid text before the bad byte gives its line and column (columns count characters).
            var bad = start + Math.Max(0, e.Index);
            var before = Encoding.UTF8.GetString(bytes, start, Math.Min(bad, bytes.Length) - start);
            var line = 1 + before.Count(c => c == '\n');
            var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
            var shown = e.BytesUnknown is { Length: > 0 } unknown ? $"0x{unknown[0]:X2}" : "a byte";
            throw new ConfigException(file, line, column, $"the file is not UTF-8 text ({shown} here); save it as UTF-8");
        }
    }

    /// <summary>The file's type when it is not a regular file, read with statx(2) without opening it (Linux; elsewhere null).</summary>
    private static class FileType
    {
        public static string? Describe(string path)
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            // struct statx is the same on every Linux architecture: stx_mode is a u16 at offset 28.
            var buffer = new byte[256];
            try
            {
                if (NativeMethods.statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }

            var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;
            return mode switch
            {
                0x8000 => null,
                0x1000 => "a FIFO (named pipe)",
                0x2000 => "a character device",
                0x6000 => "a block device",
                0xC000 => "a socket",
                0x4000 => "a directory",
                _ => "not a plain file",
            };
        }

        private const int AtFdCwd = -100;
        private const uint StatxType = 0x1;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // A plain DllImport: LibraryImport would need unsafe code in this project for one call.
        internal static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054
    }
}
