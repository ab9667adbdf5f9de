using LoadTest.Bedrock.Wire;
using LoadTest.Core.Access;
using LoadTest.Core.Models;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Generation;

/// <summary>
/// What an admitted request will generate and when its first token comes from the Region that serves
/// it. Thinking first: the tokens the request steers (<see cref="OutputSteering"/>), else half the
/// budget, or <see cref="AdaptiveThinkingTokens"/> for adaptive thinking; at least 1, at most the
/// budget and maxTokens. Then, within what maxTokens leaves: a tool call when the tools allow one
/// (tool_choice any or tool, or the last message steers one), preceded by visible text only when the
/// output length is steered (the steered tokens less the tool input's); otherwise visible text of
/// the steered length or one drawn from the model's distribution. Why it stops follows: tool_use,
/// max_tokens when maxTokens cut it, end_turn.
/// </summary>
internal sealed class OutputPlanner
{
    /// <summary>Thinking tokens of an adaptive-thinking answer the request does not steer.</summary>
    public const int AdaptiveThinkingTokens = 1_000;

    private readonly LatencyModel _latency;

    public OutputPlanner(LatencyModel latency)
    {
        _latency = latency;
    }

    public void Plan(Invocation inv, int region)
    {
        var model = inv.Model;
        inv.FirstToken = _latency.FirstToken(model, inv.Scan.Tokens, region, ref inv.Random);
        if (model.Family == ModelFamily.CohereEmbed)
        {
            // An embedding is not generated token by token: the answer comes whole after the prefill.
            inv.Answer = default;
            return;
        }

        var request = inv.Request;
        var thinking = 0;
        string? signature = null;
        if (request.Thinking is { } t)
        {
            var wanted = inv.Scan.SteeredThinkingTokens ?? (t.Adaptive ? AdaptiveThinkingTokens : t.BudgetTokens / 2);
            var cap = t.Adaptive ? inv.MaxTokens : Math.Min(t.BudgetTokens, inv.MaxTokens);
            thinking = Math.Clamp(wanted, 1, cap);
            signature = ThinkingSignature.Issue(SyntheticText.Tokens(thinking), ref inv.Random);
        }

        var room = inv.MaxTokens - thinking;
        if (ToolToCall(request, inv.Scan.SteeredToolCall) is { } tool)
        {
            var input = ToolInput.For(tool.InputSchema);
            var toolTokens = TokenCounting.Count(input);
            if (toolTokens <= room)
            {
                var preamble = inv.Scan.SteeredOutputTokens is { } steered ? Math.Clamp(steered - toolTokens, 0, room - toolTokens) : 0;
                var call = new ToolCall(ToolUseId(inv.Operation, ref inv.Random), tool.Name, input, toolTokens);
                inv.Answer = new AnswerPlan(thinking, signature, preamble, call);
                inv.StopReason = StopReasons.ToolUse;
                return;
            }
        }

        var visible = Math.Max(1, inv.Scan.SteeredOutputTokens ?? model.Output.Sample(ref inv.Random));
        inv.Answer = new AnswerPlan(thinking, signature, Math.Min(visible, room), null);
        inv.StopReason = visible > room ? StopReasons.MaxTokens : StopReasons.EndTurn;
    }

    /// <summary>The tool the answer calls, or null: forced by tool_choice, else only when the last message steers a call.</summary>
    private static DeclaredTool? ToolToCall(InferenceRequest request, string? steered)
    {
        var tools = request.Tools;
        if (tools.Count == 0)
        {
            return null;
        }

        var named = string.IsNullOrEmpty(steered) ? null : tools.FirstOrDefault(t => t.Name == steered);
        return request.ToolChoice switch
        {
            ToolChoice.None => null,
            ToolChoice.Tool => tools.FirstOrDefault(t => t.Name == request.ChosenTool),
            ToolChoice.Any => named ?? tools[0],
            _ => steered is null ? null : named ?? tools[0],
        };
    }

    /// <summary>
    /// Converse's tool-use IDs look like <c>tooluse_</c> and 22 letters and digits
    /// (https://github.com/agno-agi/agno/issues/6698); Claude's on InvokeModel like <c>toolu_bdrk_01</c> and 22.
    /// </summary>
    private static string ToolUseId(BedrockOperation operation, ref RequestRandom random)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> id = stackalloc char[22];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[(int)(random.NextUInt64() % (ulong)Alphabet.Length)];
        }

        var prefix = operation is BedrockOperation.Converse or BedrockOperation.ConverseStream ? "tooluse_" : "toolu_bdrk_01";
        return string.Concat(prefix, id);
    }
}
