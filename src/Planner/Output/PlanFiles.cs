using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Output;

/// <summary>Writes a plan's files into a directory: plan.json, quota-request.md, throttling-curve.csv/.png/.svg.</summary>
public static class PlanFiles
{
    public const string PlanJsonName = "plan.json";
    public const string QuotaRequestName = "quota-request.md";
    public const string CurveCsvName = "throttling-curve.csv";
    public const string CurvePngName = "throttling-curve.png";
    public const string CurveSvgName = "throttling-curve.svg";

    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(PlanResult plan, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string Path(string name)
        {
            var p = System.IO.Path.Combine(directory, name);
            written.Add(p);
            return p;
        }

        File.WriteAllText(Path(PlanJsonName), PlanJson.Serialize(plan));
        File.WriteAllText(Path(QuotaRequestName), QuotaRequestWriter.Render(plan));
        if (plan.Models.Any(m => m.Curve is not null))
        {
            using (var csv = new StreamWriter(Path(CurveCsvName)))
            {
                CurveCsvWriter.Write(csv, plan);
            }

            var png = System.IO.Path.Combine(directory, CurvePngName);
            var svg = System.IO.Path.Combine(directory, CurveSvgName);
            if (CurveChart.Save(plan, png, svg))
            {
                written.Add(png);
                written.Add(svg);
            }
        }

        return written;
    }
}
