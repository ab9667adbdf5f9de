using System.Text.Json;
using System.Text.Json.Serialization;
using LoadTest.Core;

namespace LoadTest.Import;

/// <summary>
/// The codec of import.json: the <see cref="ImportReport"/> in camelCase, written by
/// `loadtest import` and read back by `loadtest plan --from DIR`. The one place that knows its
/// shape.
/// </summary>
public static class ImportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    public static void Write(string path, ImportReport report) => File.WriteAllText(path, Serialize(report));

    /// <summary>
    /// Reads an import.json. A missing file, one that is not JSON, or one without the properties an
    /// import writes is a <see cref="ConfigException"/> naming the file (exit 2).
    /// </summary>
    public static ImportReport Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found (an import folder written by 'loadtest import' holds {Importer.JsonFile} and {Importer.MarkdownFile})");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<ImportReport>(stream, Options)
                   ?? throw new ConfigException($"{path}: holds null, not an import; run 'loadtest import' again");
        }
        catch (JsonException e)
        {
            // The reader's message names the property and position, never a value from the logs
            // (import.json holds counts and identifiers only).
            var where = e.LineNumber is { } line ? $":{line + 1}" : "";
            throw new ConfigException($"{path}{where}: not a readable {Importer.JsonFile} ({e.Message}); run 'loadtest import' again", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read: {e.Message}", e);
        }
    }
}
