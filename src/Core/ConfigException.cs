namespace LoadTest.Core;

/// <summary>
/// A configuration or usage error meant for a person: names the file, the 1-based line and
/// column, and what was expected. The command line turns it into exit code 2, never a stack trace.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigException(string? file, long line, long column, string message)
        : base(Format(file, line, column, message))
    {
        File = file;
        Line = line;
        Column = column;
        Detail = message;
    }

    public ConfigException()
    {
    }

    public string? File { get; }

    public long Line { get; }

    public long Column { get; }

    /// <summary>What was wrong, without the position prefix.</summary>
    public string? Detail { get; }

    private static string Format(string? file, long line, long column, string message)
        => $"{file ?? "<config>"}:{line}:{column}: {message}";
}
