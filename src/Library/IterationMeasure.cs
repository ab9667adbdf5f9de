using System.Diagnostics;
using LoadTest.Results;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Measurement;

namespace LoadTest;

/// <summary>
/// What one iteration measured: its named steps and its Bedrock calls, folded at its end into the
/// one <see cref="SendResult"/> the engine records (a step may run calls concurrently, hence the lock).
/// </summary>
internal sealed class IterationMeasure(CancellationToken cancellationToken)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _gate = new();
    private readonly List<StepTiming> _steps = [];
    private readonly List<(TimeSpan At, SendResult Result)> _calls = [];
    private readonly AsyncLocal<StepFrame?> _currentStep = new();

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Time since the iteration started.</summary>
    public TimeSpan Now => Stopwatch.GetElapsedTime(_started);

    public StepFrame EnterStep(string name)
    {
        var frame = new StepFrame(name, Now, _currentStep.Value);
        _currentStep.Value = frame;
        return frame;
    }

    /// <summary>The step has ended: <paramref name="result"/> is what it returned (null when it threw or returned something else).</summary>
    public void ExitStep(StepFrame frame, bool ok, StepResult? result, bool timedOut)
    {
        _currentStep.Value = frame.Parent;
        lock (_gate)
        {
            _steps.Add(new StepTiming(frame.Name, Now - frame.Started, ok)
            {
                FirstToken = frame.FirstToken,
                TimedOut = timedOut,
                RequestBytes = result?.RequestBytes ?? 0,
                ResponseBytes = result?.ResponseBytes ?? 0,
            });
        }
    }

    /// <summary>A Bedrock call that started at <paramref name="at"/> into the iteration.</summary>
    public void Call(TimeSpan at, SendResult result)
    {
        if (_currentStep.Value is { } step && result.FirstToken is { } ttft)
        {
            step.FirstToken ??= ttft;
        }

        lock (_gate)
        {
            _calls.Add((at, result));
        }
    }

    /// <summary>
    /// The iteration as one request's result: the Bedrock calls' tokens, attempts and throttles
    /// summed, first byte and first token of the first call that had them (from the iteration's
    /// start, as a YAML request's are from its start), and the outcome: ok, else the failed call's
    /// outcome, else a client error with <paramref name="error"/> as its code.
    /// </summary>
    public SendResult Finish(bool ok, string? error, int? statusCode)
    {
        lock (_gate)
        {
            var calls = _calls.OrderBy(c => c.At).ToList();
            var failedCall = calls.LastOrDefault(c => c.Result.Outcome != Outcomes.Ok).Result;
            var first = calls.FirstOrDefault(c => c.Result.FirstToken is not null);
            var last = calls.Count > 0 ? calls[^1].Result : null;
            var thinking = calls.Where(c => c.Result.ThinkingTokens is not null).ToList();
            return new SendResult
            {
                Outcome = ok ? Outcomes.Ok : failedCall?.Outcome ?? Outcomes.ClientError,
                ErrorCode = ok ? null : failedCall?.ErrorCode ?? error,
                HttpStatus = statusCode ?? (ok ? last?.HttpStatus : failedCall?.HttpStatus),
                Attempts = Math.Max(1, calls.Sum(c => c.Result.Attempts)),
                ThrottledAttempts = calls.Sum(c => c.Result.ThrottledAttempts),
                FirstByte = calls.FirstOrDefault(c => c.Result.FirstByte is not null) is ({ } at, { FirstByte: { } fb }) ? at + fb : null,
                FirstToken = first.Result is { FirstToken: { } ft } ? first.At + ft : null,
                FirstVisibleToken = first.Result is { FirstVisibleToken: { } fv } ? first.At + fv : null,
                DeltaArrivals = first.Result?.DeltaArrivals,
                InputTokens = calls.Sum(c => c.Result.InputTokens),
                OutputTokens = calls.Sum(c => c.Result.OutputTokens),
                CacheReadTokens = calls.Sum(c => c.Result.CacheReadTokens),
                CacheWriteTokens = calls.Sum(c => c.Result.CacheWriteTokens),
                ThinkingTokens = thinking.Count > 0 ? thinking.Sum(c => c.Result.ThinkingTokens ?? 0) : null,
                ToolCalls = calls.Sum(c => c.Result.ToolCalls),
                Embeddings = calls.Any(c => c.Result.Embeddings is not null) ? calls.Sum(c => c.Result.Embeddings ?? 0) : null,
                LimiterWait = calls.Any(c => c.Result.LimiterWait is not null) ? calls.Aggregate(TimeSpan.Zero, (s, c) => s + (c.Result.LimiterWait ?? TimeSpan.Zero)) : null,
                InferenceRegion = last?.InferenceRegion,
                RequestId = last?.RequestId,
                StopReason = last?.StopReason,
                Steps = _steps.Count > 0 ? [.. _steps] : null,
            };
        }
    }

    /// <summary>A step being timed; nested steps see their parent again when they end.</summary>
    internal sealed class StepFrame(string name, TimeSpan started, StepFrame? parent)
    {
        public string Name { get; } = name;

        public TimeSpan Started { get; } = started;

        public StepFrame? Parent { get; } = parent;

        public TimeSpan? FirstToken { get; set; }
    }
}
