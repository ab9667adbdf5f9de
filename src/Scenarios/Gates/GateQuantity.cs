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

    /// <summary>Time to first visible token: the first text or tool input, after any thinking.</summary>
    Ttfvt,

    /// <summary>Thinking tokens x burndown / quota tokens consumed.</summary>
    ThinkingShare,

    /// <summary>Cache-read tokens / all input tokens (input + cache read + cache write).</summary>
    CacheReadShare,

    /// <summary>Tool calls per multi-turn session.</summary>
    ToolCallsPerSession,

    /// <summary>Mean turns per multi-turn session.</summary>
    TurnsPerSession,
}
