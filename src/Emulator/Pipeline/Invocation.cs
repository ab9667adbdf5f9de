using LoadTest.Core.Access;
using LoadTest.Emulator.Admission;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Pacing;
using LoadTest.Emulator.Routing;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Pipeline;

/// <summary>
/// The state of one request while the emulator serves it, filled in stage by stage: the decoded
/// request, the rolled faults, the cache and admission outcome, the planned output, and what was sent.
/// </summary>
internal sealed class Invocation
{
    public required HttpContext Http { get; init; }

    public required EmulatedModel Model { get; init; }

    public required BedrockOperation Operation { get; init; }

    public required string RequestId { get; init; }

    public required long StartTimestamp { get; init; }

    /// <summary>What the request body said, in the shape every operation shares.</summary>
    public InferenceRequest Request { get; } = new();

    public PromptScan Scan => Request.Scan;

    public int MaxTokens => Request.MaxTokens;

    /// <summary>Input tokens not read from or written to the cache (what usage.inputTokens reports).</summary>
    public long InputTokens { get; set; }

    public CacheUsage Cache { get; set; }

    /// <summary>What the answer holds (thinking, text, a tool call); set by the planner.</summary>
    public AnswerPlan Answer { get; set; }

    /// <summary>Output tokens the request will produce if nothing interrupts it (thinking included).</summary>
    public int OutputTokens => Answer.OutputTokens;

    /// <summary>Output tokens actually sent so far (less than OutputTokens after a mid-stream fault).</summary>
    public int OutputSent { get; set; }

    public string StopReason { get; set; } = LoadTest.Bedrock.Wire.StopReasons.EndTurn;

    public FaultPlan Faults { get; set; }

    /// <summary>The admission's outcome and the quota tokens it reserved.</summary>
    public AdmissionTicket Ticket { get; set; }

    /// <summary>Quota tokens of the reservation already given back while the output was generated.</summary>
    public long Released { get; set; }

    /// <summary>Output tokens generated at which the next reservation release is due; int.MaxValue = none.</summary>
    public int NextRelease { get; set; } = int.MaxValue;

    public RequestRandom Random;

    public TimeSpan FirstToken { get; set; }

    public string? InferenceRegion { get; set; }

    public bool CacheUsed => Scan.Prefixes.Count > 0;

    /// <summary>The request's one wait for its next absolute deadline; set once it is admitted.</summary>
    public DeadlineWaiter? Waiter { get; set; }

    /// <summary>Timestamp when the response headers (with the first bytes) were flushed; 0 = not yet.</summary>
    public long HeadersTimestamp { get; set; }

    /// <summary>Timestamp when the first stream delta was written; 0 = not yet.</summary>
    public long FirstDeltaTimestamp { get; set; }

    /// <summary>Per delta, microseconds from arrival to its deadline (only with a timing log).</summary>
    public long[]? DueUs { get; set; }

    /// <summary>Per delta, microseconds from arrival to when it was written (only with a timing log).</summary>
    public long[]? WrittenUs { get; set; }

    /// <summary>Stream deltas written so far.</summary>
    public int Deltas { get; set; }
}
