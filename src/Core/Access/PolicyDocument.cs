namespace LoadTest.Core.Access;

/// <summary>
/// One IAM identity policy or SCP file, parsed and compiled. A file that is not JSON or not an
/// IAM policy (no Statement, an Effect other than Allow/Deny, Action with NotAction, an unknown
/// condition operator, ...) is a <see cref="ConfigException"/> naming file, line and column.
/// </summary>
public sealed record PolicyDocument(string File, IReadOnlyList<PolicyStatement> Statements)
{
    public static PolicyDocument Load(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the policy file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static PolicyDocument Parse(string json, string file) => PolicyDocumentParser.Parse(PolicyJsonReader.Read(json, file), file);
}
