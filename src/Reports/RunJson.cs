using System.Text.Encodings.Web;
using System.Text.Json;

namespace LoadTest.Reports;

/// <summary>The JSON settings of summary.json: camelCase, indented, readable non-ASCII.</summary>
public static class RunJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
