namespace LoadTest.Planner.Mix;

/// <summary>
/// The columns of one requests.csv row the planner needs. The planner reads results files rather
/// than the engine's types, so it has its own small row record.
/// </summary>
public sealed record RequestSample
{
    public string Model { get; init; } = "";

    public string Workload { get; init; } = "";

    public string Outcome { get; init; } = "";

    public double ScheduledMs { get; init; }

    public double? StartedMs { get; init; }

    public double? EndedMs { get; init; }

    public int Attempts { get; init; }

    public int ThrottledAttempts { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long MaxTokens { get; init; }

    /// <summary>Index of the load phase that scheduled it (0 when requests.csv has no phase column).</summary>
    public int Phase { get; init; }

    /// <summary>The final error code (null when it succeeded or requests.csv has no errorCode column).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Refused on the client by the AWS SDK's adaptive retry rate limiter.</summary>
    public bool IsClientRateLimited => ErrorCode == Bedrock.Client.BedrockClientErrorCodes.ClientRateLimited;

    public bool IsOk => Outcome == "ok";

    public bool IsThrottled => Outcome == "throttled";

    public bool IsDropped => Outcome == "dropped";

    /// <summary>Seconds the request held its quota reservation: first start to end (null when unknown).</summary>
    public double? ServiceSeconds => StartedMs is { } s && EndedMs is { } e && e >= s ? (e - s) / 1000.0 : null;
}
