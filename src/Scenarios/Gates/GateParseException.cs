namespace LoadTest.Scenarios.Gates;

/// <summary>A malformed gate expression, with the 1-based column of the problem inside the expression.</summary>
public sealed class GateParseException : Exception
{
    public GateParseException(string expression, int column, string detail)
        : base($"gate '{expression}', column {column}: {detail}")
    {
        Expression = expression;
        Column = column;
        Detail = detail;
    }

    public GateParseException()
    {
        Expression = "";
        Detail = "";
    }

    public GateParseException(string message)
        : base(message)
    {
        Expression = "";
        Detail = message;
    }

    public GateParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expression = "";
        Detail = message;
    }

    public string Expression { get; }

    /// <summary>1-based column inside <see cref="Expression"/>.</summary>
    public int Column { get; }

    public string Detail { get; }

    /// <summary>The expression with a caret under the problem, for a terminal.</summary>
    public string ShowColumn() => Expression + Environment.NewLine + new string(' ', Math.Max(0, Column - 1)) + "^";
}
