using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LoadTest.Emulator.Http;

/// <summary>
/// Bedrock's "Malformed input request" for a model body that fails the model's JSON schema: each
/// violation is a JSON pointer and a problem in the schema validator's words, run together
/// (<c>#: required key [messages] not found#: extraneous key [top_p] is not permitted</c>), as
/// Bedrock answers for Nova and Cohere bodies (e.g. https://github.com/lobehub/lobehub/issues/5203,
/// https://github.com/chroma-core/chroma/issues/1660). Nova 2 ends the message with "reformat your
/// input and try again." (https://github.com/run-llama/llama_index/issues/21420), the older models
/// with "please reformat ...".
/// </summary>
internal sealed class SchemaViolations
{
    private StringBuilder? _text;

    public bool Any => _text is not null;

    public void RequiredKey(string pointer, string key) => Add(pointer, $"required key [{key}] not found");

    public void ExtraneousKey(string pointer, string key) => Add(pointer, $"extraneous key [{key}] is not permitted");

    public void ExtraneousKeys(string pointer, Dictionary<string, JsonElement>? extra)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var key in extra.Keys)
        {
            ExtraneousKey(pointer, key);
        }
    }

    public void NotInEnum(string pointer, object value) => Add(pointer, string.Create(CultureInfo.InvariantCulture, $"{value} is not a valid enum value"));

    public void MinItems(string pointer, int min, int found) => Add(pointer, string.Create(CultureInfo.InvariantCulture, $"expected minimum item count: {min}, found: {found}"));

    public void MaxItems(string pointer, int max, int found) => Add(pointer, string.Create(CultureInfo.InvariantCulture, $"expected maximum item count: {max}, found: {found}"));

    public void Minimum(string pointer, long value, long min) => Add(pointer, string.Create(CultureInfo.InvariantCulture, $"{value} is not greater or equal to {min}"));

    public void Maximum(string pointer, long value, long max) => Add(pointer, string.Create(CultureInfo.InvariantCulture, $"{value} is not less or equal to {max}"));

    /// <summary>The ValidationException message, or null when nothing was violated.</summary>
    public string? Message(bool please) => _text is null
        ? null
        : $"Malformed input request: {_text}, {(please ? "please " : "")}reformat your input and try again.";

    private void Add(string pointer, string problem) => (_text ??= new StringBuilder()).Append(pointer).Append(": ").Append(problem);
}
