namespace LoadTest.Scenarios.Gates;

/// <summary>What a gate measures. Durations are in milliseconds, rates are fractions 0..1.</summary>
public enum GateQuantity
{
    Latency,
    Ttft,

    /// <summary>Inter-token latency of streams.</summary>
    Itl,

    /// <summary>Time per output token.</summary>
    Tpot,
    ThrottleRate,
    ErrorRate,

    /// <summary>Count of open-model starts that could not be made (written <c>dropped &lt; 10</c>).</summary>
    Dropped,

    /// <summary>Dropped / scheduled (written with a percentage, <c>dropped &lt; 1%</c>).</summary>
    DroppedRate,
    AchievedRpm,

    /// <summary>Peak quota tokens per minute / TPM limit.</summary>
    QuotaUtilization,
}
