using LoadTest.Core.Models;

namespace LoadTest.Config;

/// <summary>
/// Reads scenarios.yaml's <c>workloads:</c> list and checks each workload against itself and its
/// model, the way Bedrock would check the requests it makes: an operation the model does not speak,
/// a maxTokens or thinking budget the model refuses, a prompt or a session over its context window,
/// settings that contradict each other (a thinking budget not below maxTokens, tools on an
/// embedding model). Each is refused here, at the offending key, instead of every request failing
/// with a ValidationException at run time. The rules are listed in docs/scenarios.md.
/// </summary>
internal static class WorkloadsSection
{
    /// <summary>Tool definitions a workload may declare (a plausible ceiling for one agent, not a Bedrock limit).</summary>
    public const int MaxTools = 64;

    private static readonly string[] Keys =
    [
        "name", "model", "api", "inputTokens", "outputTokens", "maxTokens", "cachedPrefixTokens",
        "thinking", "tools", "turns", "thinkTime", "cachePoints", "texts",
    ];

    /// <summary>Keys of a text-generation workload that an embedding request has nothing to carry.</summary>
    private static readonly string[] NotOnEmbed = ["outputTokens", "maxTokens", "cachedPrefixTokens", "thinking", "tools", "turns", "thinkTime", "cachePoints"];

    private static readonly string[] ThinkingKeys = ["type", "budgetTokens", "used"];
    private static readonly string[] ToolsKeys = ["count", "callRate", "definitionTokens", "resultTokens"];

    public static List<WorkloadSpec> Read(YamlNodeReader node, IReadOnlyList<ModelSpec> models)
    {
        var list = new List<WorkloadSpec>();
        foreach (var item in node.Items())
        {
            item.AllowOnly(Keys);
            var nameNode = item.Required("name");
            var name = nameNode.AsString();
            if (list.Any(w => w.Name == name))
            {
                throw nameNode.Error($"workload '{name}' is defined twice");
            }

            list.Add(ReadOne(item, name, models));
        }

        if (list.Count == 0)
        {
            throw node.Error("'workloads' needs at least one workload");
        }

        return list;
    }

    /// <summary>
    /// A token count: <c>N</c>, <c>{ fixed: N }</c> or <c>{ mean, p95 }</c> (a lognormal), each
    /// between 1 and <paramref name="max"/> (a p95 up to <paramref name="maxP95"/>, by default ten times that).
    /// </summary>
    public static TokenDistribution ReadTokens(YamlNodeReader node, long max = 10_000_000, long? maxP95 = null)
    {
        if (node.IsScalar)
        {
            return TokenDistribution.Constant((int)node.AsLong(1, max));
        }

        node.AllowOnly("mean", "p95", "fixed");
        if (node.Optional("fixed") is { } f)
        {
            if (node.Optional("mean") is not null || node.Optional("p95") is not null)
            {
                throw f.Error($"'{node.Path}' takes either 'fixed' or 'mean' and 'p95', not both");
            }

            return TokenDistribution.Constant((int)f.AsLong(1, max));
        }

        var meanNode = node.Optional("mean") ?? throw node.Error($"'{node.Path}' needs 'mean' (and 'p95') or 'fixed'");
        var mean = meanNode.AsDouble(1, max);
        var p95 = mean;
        if (node.Optional("p95") is { } p95Node)
        {
            p95 = p95Node.AsDouble(1, maxP95 ?? max * 10);
            if (p95 < mean)
            {
                throw p95Node.Error($"p95 ({p95}) should not be below the mean ({mean})");
            }
        }

        return TokenDistribution.Lognormal(mean, p95);
    }

    private static WorkloadSpec ReadOne(YamlNodeReader item, string name, IReadOnlyList<ModelSpec> models)
    {
        var modelNode = item.Required("model");
        var model = modelNode.AsString();
        var spec = models.FirstOrDefault(m => m.Id == model);
        if (spec is null)
        {
            var known = models.Where(m => m.Profile.Scope == ProfileScope.Global).Select(m => m.Id);
            throw modelNode.Error($"workload '{name}' uses unknown model '{model}'{NearestName.Hint(model, models.Select(m => m.Id))}; add it under 'models:' or use a known ID such as {string.Join(", ", known)}");
        }

        var apiNode = item.Optional("api");
        var api = ApiKind.Converse;
        if (apiNode is not null && !ApiNames.TryParse(apiNode.AsString(), out api))
        {
            throw apiNode.Error($"api should be one of {string.Join(", ", ApiNames.All)}, got '{apiNode.AsString()}'");
        }

        if (spec.Family == ModelFamily.CohereEmbed && api != ApiKind.Embed)
        {
            throw (apiNode ?? modelNode).Error($"workload '{name}' uses embedding model '{model}' with api: {api.ToText()}{(apiNode is null ? " (the default)" : "")}; an embedding model takes only api: embed (InvokeModel with an embeddings body)");
        }

        if (api == ApiKind.Embed)
        {
            if (spec.Family != ModelFamily.CohereEmbed)
            {
                throw apiNode!.Error($"workload '{name}' asks for api: embed, but model '{model}' is {FamilyName(spec.Family)}, not an embedding model; use an embedding model such as global.cohere.embed-v4:0 (or a models: entry with family: cohere-embed)");
            }

            return ReadEmbed(item, name, spec);
        }

        if (item.KeyOf("texts") is { } texts)
        {
            throw texts.Error($"workload '{name}': 'texts' (texts per request) applies to api: embed only; a {api.ToText()} request sends one prompt of inputTokens");
        }

        return ReadText(item, name, spec, api);
    }

    private static WorkloadSpec ReadEmbed(YamlNodeReader item, string name, ModelSpec spec)
    {
        if (item.Keys().FirstOrDefault(k => NotOnEmbed.Contains(k, StringComparer.Ordinal)) is { } refused)
        {
            throw item.KeyOf(refused)!.Error($"workload '{name}' is an embedding workload (api: embed): '{refused}' does not apply (an embedding request has input tokens only: no output, maxTokens, system prompt, thinking, tools or turns)");
        }

        var inputNode = item.Required("inputTokens");
        var input = ReadTokens(inputNode);
        if (input.Mean > spec.ContextWindow)
        {
            throw inputNode.Error($"workload '{name}' sends texts of {input.Mean:N0} tokens on average, over the {spec.ContextWindow:N0}-token limit of model '{spec.Id}'");
        }

        var texts = TokenDistribution.Constant(1);
        if (item.Optional("texts") is { } textsNode)
        {
            texts = ReadTokens(textsNode, 10_000, 10_000);
            if (texts.P95 > spec.MaxTextsPerRequest)
            {
                var what = texts.Fixed is { } f ? $"{f:N0} texts per request" : $"a p95 of {texts.P95:N0} texts per request";
                throw textsNode.Error($"workload '{name}' sends {what}, over the {spec.MaxTextsPerRequest} texts model '{spec.Id}' takes in one request (Bedrock refuses more); split them into requests of at most {spec.MaxTextsPerRequest}");
            }
        }

        return new WorkloadSpec
        {
            Name = name,
            Model = spec.Id,
            Api = ApiKind.Embed,
            InputTokens = input,
            OutputTokens = TokenDistribution.Constant(0),
            MaxTokens = null,
            Texts = texts,
            MaxTexts = spec.MaxTextsPerRequest,
        };
    }

    private static WorkloadSpec ReadText(YamlNodeReader item, string name, ModelSpec spec, ApiKind api)
    {
        var maxTokens = ReadMaxTokens(item, name, spec, api);
        var inputNode = item.Required("inputTokens");
        var input = ReadTokens(inputNode);
        var output = ReadTokens(item.Required("outputTokens"));
        var cachedNode = item.Optional("cachedPrefixTokens");
        var cached = (int)(cachedNode?.AsLong(0, 10_000_000) ?? 0);
        var thinking = ReadThinking(item, name, spec, maxTokens);
        var tools = ReadTools(item, name, spec, api);
        var session = ReadSession(item, name);

        // The prefix every request (every turn) sends: the system prompt and the tool definitions.
        var definitions = tools is null ? 0 : (long)tools.Count * tools.DefinitionTokens;
        var prefix = cached + definitions;
        if (input.Mean + prefix > spec.ContextWindow)
        {
            var at = cached > 0 ? cachedNode! : tools is not null ? item.Required("tools") : inputNode;
            var parts = new List<string>();
            if (cached > 0)
            {
                parts.Add($"{cached:N0} of them the cached prefix");
            }

            if (definitions > 0)
            {
                parts.Add($"{definitions:N0} the tool definitions");
            }

            var detail = parts.Count > 0 ? $" ({string.Join(", ", parts)})" : "";
            throw at.Error($"workload '{name}' sends {input.Mean + prefix:N0} input tokens on average{detail}, over the {spec.ContextWindow:N0}-token context window of model '{spec.Id}'");
        }

        if (session is not null)
        {
            // The last turn of a session of average length carries the whole conversation before it
            // (earlier thinking is dropped from the context, so answers count without it).
            var turns = (int)Math.Round(session.Turns.Mean);
            var last = prefix + (long)Math.Round((turns - 1) * (input.Mean + output.Mean)) + (long)input.Mean;
            if (last > spec.ContextWindow)
            {
                throw item.Required("turns").Error($"workload '{name}' reaches {last:N0} input tokens by turn {turns} (its mean session length: the prefix, {turns} user turns and {turns - 1} answers), over the {spec.ContextWindow:N0}-token context window of model '{spec.Id}'; shorten the sessions or the turns");
            }
        }

        return new WorkloadSpec
        {
            Name = name,
            Model = spec.Id,
            Api = api,
            InputTokens = input,
            OutputTokens = output,
            MaxTokens = maxTokens,
            CachedPrefixTokens = cached,
            Thinking = thinking,
            Tools = tools,
            Session = session,
        };
    }

    /// <summary>
    /// maxTokens: absent is 1,024; <c>unset</c> (or null) sends none, and Bedrock then reserves the
    /// model's maximum output. Checked against the model here, not at run time: a maxTokens over the
    /// model's limit fails every request with a ValidationException.
    /// </summary>
    private static int? ReadMaxTokens(YamlNodeReader item, string name, ModelSpec spec, ApiKind api)
    {
        // Optional() reads an explicit null as absent; here null means "send no maxTokens".
        var raw = item.Entries().FirstOrDefault(e => e.Key == "maxTokens").Value;
        if (raw is not null && (raw.IsNull || (raw.IsScalar && raw.AsString() == "unset")))
        {
            // The Anthropic Messages body requires max_tokens: InvokeModel without it is a ValidationException.
            if (api is ApiKind.Invoke or ApiKind.InvokeStream && spec.Family == ModelFamily.AnthropicClaude)
            {
                throw raw.Error($"workload '{name}' leaves maxTokens unset, but api: {api.ToText()} on Claude sends the Anthropic Messages body, where max_tokens is required; set maxTokens or use api: converse / converse-stream");
            }

            return null;
        }

        if (item.Optional("maxTokens") is not { } node)
        {
            return 1024;
        }

        var max = (int)node.AsLong(1, 1_000_000);
        if (max > spec.MaxOutputTokens)
        {
            throw node.Error($"workload '{name}' asks for maxTokens {max:N0}, above the {spec.MaxOutputTokens:N0} output tokens model '{spec.Id}' allows; use at most {spec.MaxOutputTokens}");
        }

        return max;
    }

    /// <summary>
    /// <c>thinking: { budgetTokens: N, used: ... }</c> (extended thinking; <c>type: enabled</c>
    /// optional) or <c>thinking: { type: adaptive, used: ... }</c>. Checked as Claude checks
    /// <c>thinking</c>: the budget at least <see cref="ThinkingBudget.MinTokens"/> and below
    /// maxTokens (the model's maximum output when maxTokens is unset), the mode one the model
    /// supports. <c>used</c> defaults to mean half the budget, p95 nine tenths of it.
    /// </summary>
    private static ThinkingSpec? ReadThinking(YamlNodeReader item, string name, ModelSpec spec, int? maxTokens)
    {
        if (item.Optional("thinking") is not { } node)
        {
            return null;
        }

        const string Example = "{ budgetTokens: 4000, used: { mean: 2000, p95: 3600 } }";
        if (node.IsScalar)
        {
            var text = node.AsString();
            throw node.Error(text == "adaptive"
                ? $"workload '{name}' has thinking: adaptive without 'used': with adaptive thinking the model decides how much to think, so say how many thinking tokens to expect, e.g. thinking: {{ type: adaptive, used: {{ mean: 2000, p95: 6000 }} }}"
                : $"thinking should be a mapping such as {Example} or {{ type: adaptive, used: {{ mean: 2000, p95: 6000 }} }}, got '{text}'");
        }

        node.AllowOnly(ThinkingKeys);
        var typeNode = node.Optional("type");
        var type = typeNode?.AsString() ?? "enabled";
        if (type is not ("enabled" or "adaptive"))
        {
            throw typeNode!.Error($"thinking type should be enabled (with budgetTokens) or adaptive, got '{type}'");
        }

        var adaptive = type == "adaptive";
        var budgetNode = node.Optional("budgetTokens");
        if (adaptive && budgetNode is not null)
        {
            throw budgetNode.Error($"workload '{name}': adaptive thinking takes no budgetTokens (the model decides how much to think); for a budget write type: enabled or leave type out");
        }

        if (!adaptive && budgetNode is null)
        {
            throw node.Error($"workload '{name}': thinking needs budgetTokens (extended thinking, at least {ThinkingBudget.MinTokens:N0}), e.g. thinking: {Example}, or type: adaptive");
        }

        var mode = adaptive ? ThinkingSupport.Adaptive : ThinkingSupport.Budget;
        if (spec.Family != ModelFamily.AnthropicClaude || !spec.Thinking.HasFlag(mode))
        {
            var supported = spec.Thinking.HasFlag(ThinkingSupport.Budget) ? " (it supports thinking with budgetTokens)"
                : spec.Thinking.HasFlag(ThinkingSupport.Adaptive) ? " (it supports type: adaptive)"
                : "";
            var why = spec.Family != ModelFamily.AnthropicClaude
                ? $"model '{spec.Id}' is {FamilyName(spec.Family)}, which does not take Claude's thinking setting"
                : $"model '{spec.Id}' does not support {(adaptive ? "adaptive thinking" : "extended thinking with a budget")}{supported}";
            throw (typeNode ?? node).Error($"workload '{name}' turns thinking on, but {why}; in the catalog adaptive thinking runs on Claude Opus 4.6 and Sonnet 4.6 and budget thinking on every Claude 4.x model (a models: entry may set thinking:)");
        }

        // Thinking tokens count inside maxTokens; unset, the request may use up to the model's maximum.
        var ceiling = maxTokens ?? spec.MaxOutputTokens;
        var ceilingText = maxTokens is { } m ? $"maxTokens ({m:N0})" : $"the {spec.MaxOutputTokens:N0} output tokens model '{spec.Id}' allows (maxTokens is unset)";
        int? budget = null;
        if (budgetNode is not null)
        {
            var b = (int)budgetNode.AsLong(1, 10_000_000);
            if (b < ThinkingBudget.MinTokens)
            {
                throw budgetNode.Error($"workload '{name}' sets budgetTokens {b:N0}; Claude's minimum is {ThinkingBudget.MinTokens:N0} (Bedrock refuses a smaller budget_tokens)");
            }

            if (b >= ceiling)
            {
                throw budgetNode.Error($"workload '{name}' sets budgetTokens {b:N0}, not below {ceilingText}: thinking tokens count inside maxTokens, and Bedrock refuses a budget_tokens that is not below max_tokens; raise maxTokens or lower the budget");
            }

            budget = b;
        }

        var usedNode = node.Optional("used");
        if (usedNode is null)
        {
            if (budget is not { } bt)
            {
                throw node.Error($"workload '{name}': adaptive thinking needs 'used' (how many thinking tokens a request produces, e.g. used: {{ mean: 2000, p95: 6000 }}); the model decides, so there is no budget to default from");
            }

            return new ThinkingSpec { BudgetTokens = bt, Used = DefaultUsed(bt) };
        }

        var used = ReadTokens(usedNode);
        var usedText = used.Fixed is { } f ? $"{f:N0}" : $"a p95 of {used.P95:N0}";
        if (budget is { } limit && used.P95 > limit)
        {
            throw usedNode.Error($"workload '{name}' expects {usedText} thinking tokens, above budgetTokens ({limit:N0}); a request does not think past its budget: lower 'used' or raise budgetTokens");
        }

        if (used.P95 >= ceiling)
        {
            throw usedNode.Error($"workload '{name}' expects {usedText} thinking tokens, not below {ceilingText}: thinking counts inside maxTokens and would leave no room for the answer");
        }

        return new ThinkingSpec { Adaptive = adaptive, BudgetTokens = budget, Used = used };
    }

    /// <summary>
    /// Thinking tokens when <c>used</c> is not given: mean half the budget, p95 nine tenths of it
    /// (a request rarely spends its whole budget; say <c>used</c> when you know better).
    /// </summary>
    public static TokenDistribution DefaultUsed(int budgetTokens) => TokenDistribution.Lognormal(budgetTokens / 2.0, budgetTokens * 0.9);

    /// <summary><c>tools: { count, callRate, definitionTokens, resultTokens }</c>.</summary>
    private static ToolsSpec? ReadTools(YamlNodeReader item, string name, ModelSpec spec, ApiKind api)
    {
        if (item.Optional("tools") is not { } node)
        {
            return null;
        }

        if (!node.IsMapping)
        {
            throw node.Error("tools should be a mapping such as { count: 3, callRate: 0.4 }");
        }

        node.AllowOnly(ToolsKeys);

        // The emulator's and the client's Nova tool use is Converse's: Nova's own InvokeModel answer carries no tool calls here.
        if (spec.Family == ModelFamily.AmazonNova && api is ApiKind.Invoke or ApiKind.InvokeStream)
        {
            throw node.Error($"workload '{name}' declares tools on Amazon Nova model '{spec.Id}' with api: {api.ToText()}; tool use on Nova is modelled through api: converse or converse-stream only");
        }

        var tools = new ToolsSpec
        {
            Count = (int)node.Required("count").AsLong(1, MaxTools),
            CallRate = node.Required("callRate").AsDouble(0, 1),
        };

        if (node.Optional("definitionTokens") is { } definitions)
        {
            tools = tools with { DefinitionTokens = (int)definitions.AsLong(1, 100_000) };
        }

        if (node.Optional("resultTokens") is { } results)
        {
            tools = tools with { ResultTokens = ReadTokens(results) };
        }

        return tools;
    }

    /// <summary><c>turns</c>, with <c>thinkTime</c> and <c>cachePoints</c> only beside it.</summary>
    private static SessionSpec? ReadSession(YamlNodeReader item, string name)
    {
        if (item.Optional("turns") is not { } turns)
        {
            if (item.Keys().FirstOrDefault(k => k is "thinkTime" or "cachePoints") is { } orphan)
            {
                throw item.KeyOf(orphan)!.Error($"workload '{name}': '{orphan}' applies to multi-turn sessions; add turns (e.g. turns: {{ mean: 5, p95: 12 }}) or remove it");
            }

            return null;
        }

        return new SessionSpec
        {
            Turns = ReadTokens(turns, SessionSpec.MaxTurns, SessionSpec.MaxTurns),
            ThinkTime = item.Optional("thinkTime")?.AsDuration() ?? TimeSpan.Zero,
            CachePoints = item.Optional("cachePoints")?.AsBool() ?? true,
        };
    }

    private static string FamilyName(ModelFamily family) => family switch
    {
        ModelFamily.AnthropicClaude => "an Anthropic Claude model",
        ModelFamily.AmazonNova => "an Amazon Nova model",
        ModelFamily.CohereEmbed => "a Cohere Embed model",
        _ => family.ToString(),
    };
}
