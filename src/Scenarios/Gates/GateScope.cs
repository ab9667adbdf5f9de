namespace LoadTest.Scenarios.Gates;

public enum GateScopeKind
{
    /// <summary>The whole run.</summary>
    Run,
    Workload,
    Model,
}

/// <summary>Which requests a gate looks at: the whole run, or one workload or model (<c>{workload:support-chat}</c>).</summary>
public sealed record GateScope(GateScopeKind Kind, string Name)
{
    public static readonly GateScope Run = new(GateScopeKind.Run, "");

    public override string ToString() => Kind switch
    {
        GateScopeKind.Workload => "{workload:" + Name + "}",
        GateScopeKind.Model => "{model:" + Name + "}",
        _ => "",
    };
}
