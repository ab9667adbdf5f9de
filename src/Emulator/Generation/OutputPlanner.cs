using LoadTest.Bedrock.Wire;
using LoadTest.Core.Models;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Generation;

/// <summary>
/// What an admitted request will generate: how many output tokens (steered by the request, or
/// drawn from the model's distribution, then capped at maxTokens), why it stops, and when its first
/// token comes from the Region that serves it.
/// </summary>
internal sealed class OutputPlanner
{
    private readonly LatencyModel _latency;

    public OutputPlanner(LatencyModel latency)
    {
        _latency = latency;
    }

    public void Plan(Invocation inv, int region)
    {
        var model = inv.Model;
        if (model.Family == ModelFamily.CohereEmbed)
        {
            // An embedding is not generated token by token: the answer comes whole after the prefill.
            inv.OutputTokens = 0;
            inv.FirstToken = _latency.FirstToken(model, inv.Scan.Tokens, region, ref inv.Random);
            return;
        }

        var wanted = inv.Scan.SteeredOutputTokens ?? model.Output.Sample(ref inv.Random);
        wanted = Math.Max(1, wanted);
        inv.OutputTokens = Math.Min(wanted, inv.MaxTokens);
        inv.StopReason = wanted > inv.MaxTokens ? StopReasons.MaxTokens : StopReasons.EndTurn;
        inv.FirstToken = _latency.FirstToken(model, inv.Scan.Tokens, region, ref inv.Random);
    }
}
