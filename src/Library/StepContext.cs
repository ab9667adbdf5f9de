using LoadTest.Config;
using LoadTest.Scenarios.Engine;

namespace LoadTest;

/// <summary>
/// What one iteration of a C# scenario gets: the target's Bedrock client (measured), a seeded random
/// source, its virtual user and iteration ids, a log, a cancellation token, and <see cref="Step{T}"/>
/// to time named steps (each gets its own latency histogram and outcome counts in the summary).
/// </summary>
public sealed class StepContext
{
    private readonly IterationMeasure _measure;
    private readonly Action<string>? _log;
    private readonly PlannedRequest _planned;
    private readonly SyntheticPrompt _prompts;
    private readonly TargetKind _target;

    internal StepContext(PlannedRequest planned, IterationMeasure measure, Bedrock.Client.BedrockRuntimeClient client, int seed, Action<string>? log, SyntheticPrompt prompts, TargetKind target)
    {
        _planned = planned;
        _measure = measure;
        _log = log;
        _prompts = prompts;
        _target = target;
        Bedrock = new MeasuredBedrock(client, measure);

        // One source per iteration, from the run's seed and the iteration id: the same seed gives
        // every iteration the same draws, whatever the order iterations run in.
        Random = new Random(unchecked((seed * 1_000_003) + (int)planned.Id));
    }

    /// <summary>The target's shared Bedrock client; calls through it are measured like YAML workloads' requests.</summary>
    public MeasuredBedrock Bedrock { get; }

    /// <summary>Seeded from the run's seed and <see cref="IterationId"/>.</summary>
    public Random Random { get; }

    /// <summary>The closed-model virtual user running this iteration (1-based); for an open-model start, the iteration id (each start is its own user).</summary>
    public long UserId => _planned.User > 0 ? _planned.User : _planned.Id;

    /// <summary>This iteration's id, unique in the run (the request id in the per-request file).</summary>
    public long IterationId => _planned.Id;

    /// <summary>The workload this iteration draws its model and token sizes from.</summary>
    public string ModelId => _planned.Workload.Model;

    /// <summary>Input tokens sampled for this iteration from the workload's distribution.</summary>
    public int InputTokens => _planned.InputTokens;

    /// <summary>Output tokens sampled for this iteration from the workload's distribution.</summary>
    public int OutputTokens => _planned.OutputTokens;

    /// <summary>Cancelled when the run stops or the iteration passes its deadline.</summary>
    public CancellationToken CancellationToken => _measure.CancellationToken;

    /// <summary>
    /// The Converse request a YAML workload would send for this iteration (a synthetic prompt of
    /// <see cref="InputTokens"/>, asking for <see cref="OutputTokens"/>): for scenarios that only need
    /// realistic sizes, not your own prompts.
    /// </summary>
    public Bedrock.Wire.ConverseRequest SyntheticConverseRequest() => _prompts.Converse(_planned, _target);

    /// <summary>
    /// As <see cref="SyntheticConverseRequest"/>, as the Claude (Anthropic Messages) body a YAML
    /// <c>api: invoke</c> workload sends, for <see cref="MeasuredBedrock.InvokeModelAsync"/> and its streaming form.
    /// </summary>
    public Bedrock.Wire.AnthropicRequest SyntheticAnthropicRequest() => _prompts.AnthropicBody(_planned, _target);

    /// <summary>
    /// The Cohere Embed body a YAML <c>api: embed</c> workload sends: the workload's <c>texts</c> search
    /// documents (one for a workload that sets none) sharing <see cref="InputTokens"/>, for <see cref="MeasuredBedrock.EmbedAsync"/>.
    /// </summary>
    public Bedrock.Wire.CohereEmbedRequest SyntheticEmbedRequest() => SyntheticPrompt.Embed(_planned);

    /// <summary>Writes a line to the run's log (RunOptions.Log); nothing when none was given. Never log prompt text or credentials.</summary>
    public void Log(string message) => _log?.Invoke(message);

    /// <summary>
    /// Runs <paramref name="action"/> as the named step and times it. A step that throws counts as a
    /// failure of that step and ends the iteration (the exception goes on to the caller); one still
    /// running when the iteration's deadline passes counts as timed out. When the step returns a
    /// <see cref="StepResult"/>, its status decides the step's outcome and its sizes are the step's.
    /// </summary>
    public async Task<T> Step<T>(string name, Func<Task<T>> action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(action);
        var frame = _measure.EnterStep(name);
        var ok = false;
        StepResult? stepResult = null;
        try
        {
            var result = await action();
            stepResult = result as StepResult;
            ok = stepResult is not { IsOk: false };
            return result;
        }
        finally
        {
            _measure.ExitStep(frame, ok, stepResult, timedOut: !ok && stepResult is null && _measure.CancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>As <see cref="Step{T}"/> for a step that returns nothing.</summary>
    public Task Step(string name, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Step(name, async () =>
        {
            await action();
            return true;
        });
    }
}
