namespace LoadTest.Scenarios.Tests;

/// <summary>Reads the harness's own CSV files back (no quoted fields occur in these tests).</summary>
internal static class CsvRows
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))
            .ToList();
    }

    public static double Number(this Dictionary<string, string> row, string column)
        => double.Parse(row[column], System.Globalization.CultureInfo.InvariantCulture);
}
