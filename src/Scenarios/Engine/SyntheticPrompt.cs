using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LoadTest.Core.Models;
using LoadTest.Bedrock.Client;
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

    /// <summary>The tool definitions per workload, built once.</summary>
    private readonly ConditionalWeakTable<WorkloadSpec, ToolConfiguration> _toolConfigs = new();

    /// <summary>The additionalModelRequestFields of a thinking workload, built once.</summary>
    private readonly ConditionalWeakTable<WorkloadSpec, StrongBox<JsonElement>> _thinkingFields = new();

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
        return Sized(request.InputTokens, Lead(request, target, marker), request.Id);
    }

    /// <summary>
    /// What a turn's new content starts with: against Bedrock a plain instruction, against the
    /// emulator the tool-call marker when the request asks for a call, then the output marker when
    /// the body has no metadata to carry it (<paramref name="marker"/>).
    /// </summary>
    private static string Lead(PlannedRequest request, TargetKind target, bool marker)
    {
        if (target == TargetKind.Bedrock)
        {
            var words = string.Create(CultureInfo.InvariantCulture, $"Write about {Math.Max(1, (int)(request.OutputTokens * 0.75))} words of plain prose about the words that follow. ");
            return request.CallsTool ? "Call one of the tools first. " + words : words;
        }

        var tool = request.CallsTool ? OutputSteering.ToolCallMarker + " " : "";
        return marker ? tool + OutputSteering.Marker(request.OutputTokens) + " " : tool;
    }

    /// <summary><paramref name="lead"/> followed by filler to exactly <paramref name="tokens"/> tokens (the lead alone when it is longer).</summary>
    private static string Sized(int tokens, string lead, long id)
        => lead + Filler((tokens * TokenCounting.BytesPerToken) - lead.Length, (int)(id % 97));

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

    /// <summary>
    /// The Converse request of a planned request: the workload's system prompt and tool definitions,
    /// the session's conversation so far, then this turn's new content (the user text, or the tool
    /// results the last answer asked for). Cache points: after the system prompt (after the tools when
    /// there is none) and on the last two user messages in a session with cache points, at most four
    /// as Bedrock allows; in a single-turn request only the system prompt's, as always. Against the
    /// emulator the output and thinking tokens are steered by requestMetadata, a tool call by the
    /// marker in the new content; <paramref name="marker"/> also puts the output marker there, for a
    /// body that carries no metadata (Nova's).
    /// </summary>
    public ConverseRequest Converse(PlannedRequest request, TargetKind target, bool marker = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workload = request.Workload;
        var cachePoints = workload.Session?.CachePoints ?? true;
        List<SystemContentBlock>? system = null;
        if (request.CachedPrefixTokens > 0)
        {
            var prefix = new SystemContentBlock { Text = PrefixText(workload) };
            system = cachePoints ? [prefix, new SystemContentBlock { CachePoint = new CachePointBlock() }] : [prefix];
        }

        Dictionary<string, string>? metadata = null;
        if (target == TargetKind.Emulator)
        {
            metadata = new Dictionary<string, string> { [OutputSteering.MetadataKey] = request.OutputTokens.ToString(CultureInfo.InvariantCulture) };
            if (workload.Thinking is not null)
            {
                metadata[OutputSteering.ThinkingMetadataKey] = request.ThinkingTokens.ToString(CultureInfo.InvariantCulture);
            }
        }

        return new ConverseRequest
        {
            Messages = Messages(request, target, marker),
            System = system,
            // maxTokens: unset sends no inferenceConfig, and Bedrock holds the model's maximum output.
            InferenceConfig = request.MaxTokens is { } max ? new InferenceConfiguration { MaxTokens = max } : null,
            RequestMetadata = metadata,
            ToolConfig = workload.Tools is null ? null : _toolConfigs.GetValue(workload, static w => ToolConfig(w)),
            AdditionalModelRequestFields = workload.Thinking is null ? null : _thinkingFields.GetValue(workload, static w => new StrongBox<JsonElement>(ThinkingFields(w.Thinking!))).Value,
        };
    }

    /// <summary>
    /// The answer a successful turn adds to its session: the thinking, text and tool calls the client
    /// returned when it has them (a whole Converse answer), else the thinking blocks the client kept
    /// (text and signature as they came, <paramref name="thinking"/>), deterministic text of the
    /// answer's visible tokens and its tool calls. The thinking goes first and unchanged: Claude
    /// refuses a turn answering a tool call without the signed thinking block that came with the call.
    /// </summary>
    public static Message Answer(PlannedRequest request, int visibleTokens, IReadOnlyList<ToolCall> toolCalls, IReadOnlyList<ThinkingBlock> thinking, IReadOnlyList<ContentBlock>? returned)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(toolCalls);
        ArgumentNullException.ThrowIfNull(thinking);
        var content = returned?.Where(b => b.Text is not null || b.ToolUse is not null || b.ReasoningContent is not null).ToList() ?? [];
        if (content.Count == 0)
        {
            content.AddRange(thinking.Select(t => t.ToConverseBlock()));
            if (visibleTokens > 0)
            {
                content.Add(ContentBlock.FromText(Filler(visibleTokens * TokenCounting.BytesPerToken, (int)((request.Id * 7) % 97))));
            }

            content.AddRange(toolCalls.Select(c => c.ToConverseBlock()));
        }

        // An answer of thinking alone still needs a block after it: Bedrock refuses an empty message.
        if (content.TrueForAll(b => b.ReasoningContent is not null))
        {
            content.Add(ContentBlock.FromText(Filler(TokenCounting.BytesPerToken)));
        }

        return new Message { Role = "assistant", Content = content };
    }

    /// <summary>A Cohere Embed body: <see cref="PlannedRequest.Texts"/> texts sharing the planned input tokens, as search documents, float vectors.</summary>
    public static CohereEmbedRequest Embed(PlannedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var count = Math.Max(1, request.Texts);
        var texts = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var tokens = (request.InputTokens / count) + (i < request.InputTokens % count ? 1 : 0);
            texts.Add(Filler(Math.Max(1, tokens) * TokenCounting.BytesPerToken, (int)((request.Id + i) % 97)));
        }

        return new CohereEmbedRequest { InputType = "search_document", Texts = texts, EmbeddingTypes = ["float"] };
    }

    /// <summary>The session's conversation (the previous user message given a cache point when the session has them) and this turn's new content.</summary>
    private static List<Message> Messages(PlannedRequest request, TargetKind target, bool marker)
    {
        var session = request.Workload.Session;
        var cachePoints = session is { CachePoints: true };
        var earlier = request.Conversation?.Messages ?? [];
        var messages = new List<Message>(earlier.Count + 1);
        messages.AddRange(earlier);
        if (cachePoints && messages.FindLastIndex(m => m.Role == "user") is var last and >= 0)
        {
            messages[last] = messages[last] with { Content = [.. messages[last].Content, ContentBlock.CacheHere()] };
        }

        var lead = Lead(request, target, marker);
        var content = new List<ContentBlock>();
        if (request.Workload.Tools is not null && request.Conversation?.PendingToolCalls is { Count: > 0 } calls)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                content.Add(ContentBlock.ToolResultText(calls[i].Id, Sized(request.ToolResultTokens, i == 0 ? lead : "", request.Id + i)));
            }
        }
        else
        {
            content.Add(ContentBlock.FromText(Sized(request.InputTokens, lead, request.Id)));
        }

        if (cachePoints)
        {
            content.Add(ContentBlock.CacheHere());
        }

        messages.Add(new Message { Role = "user", Content = content });
        return messages;
    }

    /// <summary>
    /// <see cref="ToolsSpec.Count"/> tool definitions of <see cref="ToolsSpec.DefinitionTokens"/>
    /// tokens each under the emulator's rule (name, description and schema are counted apart), with a
    /// cache point after them when a session caches and there is no system prompt to put it on.
    /// </summary>
    private static ToolConfiguration ToolConfig(WorkloadSpec workload)
    {
        var spec = workload.Tools!;
        using var document = JsonDocument.Parse("""{"type":"object","properties":{"query":{"type":"string","description":"What to look up."}},"required":["query"]}""");
        var schema = document.RootElement.Clone();
        var tools = new List<ToolDefinition>(spec.Count + 1);
        for (var i = 0; i < spec.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"tool_{i + 1:D3}");
            var rest = spec.DefinitionTokens - TokenCounting.Count(name) - TokenCounting.Count(schema.GetRawText());
            tools.Add(ToolDefinition.Spec(name, Filler(Math.Max(1, rest) * TokenCounting.BytesPerToken, i), schema));
        }

        if (workload.Session is { CachePoints: true } && workload.CachedPrefixTokens == 0)
        {
            tools.Add(new ToolDefinition { CachePoint = JsonSerializer.SerializeToElement(new CachePointBlock(), BedrockJsonContext.Default.CachePointBlock) });
        }

        return new ToolConfiguration { Tools = tools };
    }

    /// <summary>Claude's thinking switch in additionalModelRequestFields: a budget, or adaptive.</summary>
    private static JsonElement ThinkingFields(ThinkingSpec thinking) => new ClaudeRequestFields
    {
        Thinking = thinking.Adaptive || thinking.BudgetTokens is null ? AnthropicThinking.Adaptive() : AnthropicThinking.Enabled(thinking.BudgetTokens.Value),
    }.ToJson();

    /// <summary>A Claude Messages body for InvokeModel / InvokeModelWithResponseStream, as UTF-8 JSON.</summary>
    public byte[] InvokeBody(PlannedRequest request, TargetKind target)
        => JsonSerializer.SerializeToUtf8Bytes(AnthropicBody(request, target), BedrockJsonContext.Default.AnthropicRequest);

    /// <summary>The plain single-turn Claude body <see cref="InvokeBody"/> sends, before serialization (the library's synthetic InvokeModel request).</summary>
    public AnthropicRequest AnthropicBody(PlannedRequest request, TargetKind target)
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

        return new AnthropicRequest
        {
            // Required by the Anthropic Messages body; the config refuses maxTokens: unset with api: invoke.
            MaxTokens = request.MaxTokens ?? throw new InvalidOperationException($"workload '{request.Workload.Name}' has no maxTokens for the Anthropic Messages body"),
            Messages = [new AnthropicMessage { Role = "user", Content = JsonSerializer.SerializeToElement(content, BedrockJsonContext.Default.ListAnthropicContentBlock) }],
            System = system,
        };
    }
}
