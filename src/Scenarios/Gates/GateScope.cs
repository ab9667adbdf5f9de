namespace LoadTest.Scenarios.Gates;

public enum GateScopeKind
{
    /// <summary>The whole run.</summary>
    Run,
    Workload,
    Model,

    /// <summary>One named step of a C# scenario (<c>{step:retrieve}</c>): its latency and error rate.</summary>
    Step,
}

/// <summary>Which requests a gate looks at: the whole run, one workload or model (<c>{workload:support-chat}</c>), or one named step of a C# scenario (<c>{step:retrieve}</c>).</summary>
public sealed record GateScope(GateScopeKind Kind, string Name)
{
    public static readonly GateScope Run = new(GateScopeKind.Run, "");

    /// <summary>
    /// For a workload or model scope that names none of what a scenario sends, the names it does
    /// send (for the error message); null when the scope is fine.
    /// </summary>
    public IReadOnlyList<string>? NotSent(IReadOnlyList<string> sentWorkloads, IReadOnlyList<string> sentModels)
    {
        var known = Kind switch { GateScopeKind.Workload => sentWorkloads, GateScopeKind.Model => sentModels, _ => null };
        return known is not null && !known.Contains(Name, StringComparer.Ordinal) ? known : null;
    }

    public override string ToString() => Kind switch
    {
        GateScopeKind.Workload => "{workload:" + Name + "}",
        GateScopeKind.Model => "{model:" + Name + "}",
        GateScopeKind.Step => "{step:" + Name + "}",
        _ => "",
    };
}
