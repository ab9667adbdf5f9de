namespace LoadTest.Core.Quotas;

/// <summary>
/// How much quota Bedrock holds for a request while it runs; the emulator's admission and the
/// planner's figures and simulation both read it from here. The default is AWS's description in
/// its Bedrock quota guidance (the quota-health reference of AWS's agent toolkit, and "How tokens
/// are counted" in the Bedrock user guide): at admission reserve input + cache write + maxTokens,
/// maxTokens <em>without</em> burndown; release the unused reservation as the output is generated;
/// settle at completion to input + cache write + output x burndown. Cache reads count in neither
/// (an older version of the same text counted them in the reservation). A request that sets no
/// maxTokens reserves the model's maximum output. Every part stays a setting because the service
/// does not publish its admission code; <see cref="Legacy"/> is this project's earlier rule.
/// </summary>
/// <param name="ReserveMaxTokens">false = reserve only input + cache write at admission.</param>
/// <param name="BurndownOnMaxTokens">true = the reserved maxTokens are multiplied by the model's burndown.</param>
/// <param name="Release">When the unused reservation is given back.</param>
/// <param name="DefaultMaxTokens">maxTokens of a request that sets none; null = the model's maximum output.</param>
public sealed record ReservationPolicy(
    bool ReserveMaxTokens = true,
    bool BurndownOnMaxTokens = false,
    ReservationRelease Release = ReservationRelease.Progressive,
    int? DefaultMaxTokens = null)
{
    /// <summary>AWS's description (see the type's summary).</summary>
    public static ReservationPolicy Default { get; } = new();

    /// <summary>
    /// The rule before AWS's description: maxTokens x burndown held until completion, and a fixed
    /// 4,096 for a request without maxTokens.
    /// </summary>
    public static ReservationPolicy Legacy { get; } = new(true, true, ReservationRelease.AtCompletion, 4096);

    /// <summary>The words for <see cref="ReservationRelease"/> in scenarios.yaml and on the command line.</summary>
    public const string ReleaseExpected = "progressive or atCompletion";

    /// <summary>The words for <see cref="DefaultMaxTokens"/> in scenarios.yaml and on the command line.</summary>
    public const string DefaultMaxTokensExpected = "model-max or a whole number of tokens from 1";

    /// <summary>The words for a whole rule: <c>aws</c> (<see cref="Default"/>) or <c>legacy</c> (<see cref="Legacy"/>).</summary>
    public const string RuleExpected = "aws or legacy";

    /// <summary>Reads <c>aws</c> or <c>legacy</c> (any case); null when it is neither.</summary>
    public static ReservationPolicy? ParseRule(string text) => text.Trim().ToLowerInvariant() switch
    {
        "aws" => Default,
        "legacy" => Legacy,
        _ => null,
    };

    /// <summary>Reads <c>progressive</c> or <c>atCompletion</c> (any case, <c>at-completion</c> too); null when it is neither.</summary>
    public static ReservationRelease? ParseRelease(string text) => text.Trim().ToLowerInvariant() switch
    {
        "progressive" => ReservationRelease.Progressive,
        "atcompletion" or "at-completion" => ReservationRelease.AtCompletion,
        _ => null,
    };

    /// <summary>
    /// Reads <c>model-max</c> (null: the model's maximum output) or a positive whole number;
    /// false when it is neither.
    /// </summary>
    public static bool TryParseDefaultMaxTokens(string text, out int? maxTokens)
    {
        var t = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        maxTokens = null;
        if (t.Equals("model-max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            maxTokens = n;
            return true;
        }

        return false;
    }

    /// <summary>The maxTokens a request is held to: its own, else the default capped at the model's maximum output.</summary>
    public int MaxTokensFor(int? requested, int modelMaxOutputTokens)
        => requested ?? Math.Min(DefaultMaxTokens ?? modelMaxOutputTokens, modelMaxOutputTokens);

    /// <summary>One line for reports and plans, e.g. "input + cache write + max_tokens, released as output is generated".</summary>
    public string Describe()
    {
        var reserve = ReserveMaxTokens
            ? $"input + cache write + max_tokens{(BurndownOnMaxTokens ? " x burndown" : "")}"
            : "input + cache write only";
        var release = Release == ReservationRelease.Progressive ? "unused part released as output is generated" : "held until completion";
        var unset = DefaultMaxTokens is { } n ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "the model's maximum output";
        return $"{reserve}, {release}, settled to input + cache write + output x burndown; max_tokens unset = {unset}";
    }
}
