using System.Text.Json;
using System.Text.Json.Serialization;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Output;

/// <summary>plan.json and `loadtest plan --json`: the <see cref="PlanResult"/> in camelCase.</summary>
public static class PlanJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(PlanResult plan) => JsonSerializer.Serialize(plan, Options);

    public static PlanResult? Deserialize(string json) => JsonSerializer.Deserialize<PlanResult>(json, Options);
}
