using LoadTest.Bedrock.Client;
using LoadTest.Config;
using LoadTest.Scenarios.Engine;

namespace LoadTest;

/// <summary>
/// A C# scenario as the engine's <see cref="IRequestSender"/>: each planned request is one iteration
/// of the step function, so the C# scenario runs on the same engine, schedule and measurement as a
/// YAML workload; only what one "request" does differs.
/// </summary>
internal sealed class StepScenarioSender(Func<StepContext, Task<StepResult>> step, BedrockRuntimeClient client, TargetKind target, int seed, Action<string>? log) : IRequestSender
{
    private readonly SyntheticPrompt _prompts = new();

    public async Task<SendResult> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
    {
        var measure = new IterationMeasure(cancellationToken);
        var context = new StepContext(request, measure, client, seed, log, _prompts, target);
        try
        {
            var result = await step(context);
            return measure.Finish(result.IsOk, result.ErrorCode, result.StatusCode);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // The engine names it (deadline or the run's end); the steps that finished, and the one
            // that was running (timed out), are kept.
            throw new PartlyMeasuredCancellation(measure.Finish(false, null, null), e);
        }
#pragma warning disable CA1031 // any exception of the user's code is that iteration's failure, counted by its type
        catch (Exception e)
#pragma warning restore CA1031
        {
            return measure.Finish(false, e.GetType().Name, null);
        }
    }
}
