namespace LoadTest.Reports.Charts;

/// <summary>One line of a chart: a value per second (NaN = no data, the line breaks).</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values)
{
    public bool Dashed { get; init; }

    public double Width { get; init; } = 1.8;

    /// <summary>Shade the area under the line.</summary>
    public bool Fill { get; init; }
}

/// <summary>A horizontal reference line, e.g. the TPM limit or its 80 % alarm.</summary>
internal sealed record ChartRule(string Label, double Value, string Color, bool Dashed);

/// <summary>A shaded time window with a label, e.g. a load phase.</summary>
internal sealed record ChartBand(double FromSeconds, double ToSeconds, string Label);

internal enum AxisFormat
{
    Count,
    Milliseconds,
    Compact,
    Percent,
}
