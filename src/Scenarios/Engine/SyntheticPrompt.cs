using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LoadTest.Core.Models;
using LoadTest.Bedrock.Wire;
using LoadTest.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Synthetic requests built to a planned size: no user text ever goes out. Against the emulator the
/// prompt is exactly the planned number of tokens under its counting rule (4 UTF-8 bytes a token)
/// and the output length is steered the way the emulator documents (the requestMetadata key for
/// Converse, the text marker for InvokeModel). Against real Bedrock the prompt asks for about that
/// many words and maxTokens caps it. A cached prefix is a system block, the same for every request
/// of a workload, followed by a cache point. One instance per sender (so per run): it keeps each
/// workload's prefix, built once, for as long as the run needs it and no longer.
/// </summary>
public sealed class SyntheticPrompt
{
    /// <summary>The cached system prefix per workload.</summary>
    private readonly ConditionalWeakTable<WorkloadSpec, string> _prefixes = new();

    /// <summary>The invoke body's system blocks (the prefix with a cache point), serialized once per workload.</summary>
    private readonly ConditionalWeakTable<WorkloadSpec, StrongBox<JsonElement>> _invokeSystems = new();

    // Plain ASCII words: one byte per character, so the byte count is the character count.
    private const string Words = "harbor lantern meadow copper willow orbit signal canyon ember quartz velvet summit ";

    /// <summary>ASCII filler of exactly <paramref name="bytes"/> bytes, starting at a seed-chosen word offset.</summary>
    public static string Filler(int bytes, int offset = 0)
    {
        if (bytes <= 0)
        {
            return "";
        }

        var b = new StringBuilder(bytes);
        var i = ((offset % Words.Length) + Words.Length) % Words.Length;
        while (b.Length < bytes)
        {
            var take = Math.Min(Words.Length - i, bytes - b.Length);
            b.Append(Words, i, take);
            i = 0;
        }

        return b.ToString();
    }

    /// <summary>The user turn: <paramref name="inputTokens"/> tokens including any leading instruction or marker.</summary>
    public static string UserText(PlannedRequest request, TargetKind target, bool marker)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lead = target == TargetKind.Bedrock
            ? string.Create(CultureInfo.InvariantCulture, $"Write about {Math.Max(1, (int)(request.OutputTokens * 0.75))} words of plain prose about the words that follow. ")
            : marker ? OutputSteering.Marker(request.OutputTokens) + " " : "";
        var bytes = request.InputTokens * TokenCounting.BytesPerToken;
        return lead + Filler(bytes - lead.Length, (int)(request.Id % 97));
    }

    /// <summary>The cached system prefix of a workload: identical text for every request of it, so built once per workload.</summary>
    public string PrefixText(WorkloadSpec workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return _prefixes.GetValue(workload, static w =>
        {
            var lead = $"System context for {w.Name}. ";
            var bytes = w.CachedPrefixTokens * TokenCounting.BytesPerToken;
            return lead.Length >= bytes ? lead[..Math.Max(1, bytes)] : lead + Filler(bytes - lead.Length);
        });
    }

    public ConverseRequest Converse(PlannedRequest request, TargetKind target)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<SystemContentBlock>? system = null;
        if (request.CachedPrefixTokens > 0)
        {
            system = [new SystemContentBlock { Text = PrefixText(request.Workload) }, new SystemContentBlock { CachePoint = new CachePointBlock() }];
        }

        return new ConverseRequest
        {
            Messages = [new Message { Role = "user", Content = [ContentBlock.FromText(UserText(request, target, marker: false))] }],
            System = system,
            // maxTokens: unset sends no inferenceConfig, and Bedrock holds the model's maximum output.
            InferenceConfig = request.MaxTokens is { } max ? new InferenceConfiguration { MaxTokens = max } : null,
            RequestMetadata = target == TargetKind.Emulator
                ? new Dictionary<string, string> { [OutputSteering.MetadataKey] = request.OutputTokens.ToString(CultureInfo.InvariantCulture) }
                : null,
        };
    }

    /// <summary>A Claude Messages body for InvokeModel / InvokeModelWithResponseStream, as UTF-8 JSON.</summary>
    public byte[] InvokeBody(PlannedRequest request, TargetKind target)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = new List<AnthropicContentBlock> { new() { Type = "text", Text = UserText(request, target, marker: target == TargetKind.Emulator) } };
        JsonElement? system = null;
        if (request.CachedPrefixTokens > 0)
        {
            system = _invokeSystems.GetValue(request.Workload, w =>
            {
                var blocks = new List<AnthropicContentBlock> { new() { Type = "text", Text = PrefixText(w), CacheControl = new AnthropicCacheControl() } };
                return new StrongBox<JsonElement>(JsonSerializer.SerializeToElement(blocks, BedrockJsonContext.Default.ListAnthropicContentBlock));
            }).Value;
        }

        var body = new AnthropicRequest
        {
            // Required by the Anthropic Messages body; the config refuses maxTokens: unset with api: invoke.
            MaxTokens = request.MaxTokens ?? throw new InvalidOperationException($"workload '{request.Workload.Name}' has no maxTokens for the Anthropic Messages body"),
            Messages = [new AnthropicMessage { Role = "user", Content = JsonSerializer.SerializeToElement(content, BedrockJsonContext.Default.ListAnthropicContentBlock) }],
            System = system,
        };
        return JsonSerializer.SerializeToUtf8Bytes(body, BedrockJsonContext.Default.AnthropicRequest);
    }
}
