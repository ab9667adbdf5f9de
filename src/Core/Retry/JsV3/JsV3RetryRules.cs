namespace LoadTest.Core.Retry.JsV3;

/// <summary>
/// The numbers of the AWS SDK for JavaScript v3's standard retry strategy that changed in 2026,
/// in milliseconds as the SDK counts them. Both generations share the rest
/// (<see cref="JsV3RetryConstants"/>).
/// </summary>
/// <param name="TransientBaseMs">Backoff base for transient errors (5xx, timeouts, connection errors).</param>
/// <param name="ThrottlingBaseMs">Backoff base for throttling errors.</param>
/// <param name="TransientCost">Retry-quota tokens a transient retry takes.</param>
/// <param name="ThrottlingCost">Retry-quota tokens a throttling retry takes.</param>
public sealed record JsV3RetryRules(double TransientBaseMs, double ThrottlingBaseMs, int TransientCost, int ThrottlingCost)
{
    /// <summary>
    /// Before 2026: 100 ms / 500 ms bases (DEFAULT_RETRY_DELAY_BASE, THROTTLING_RETRY_DELAY_BASE), a
    /// transient retry costs TIMEOUT_RETRY_COST 10 and a throttling retry RETRY_COST 5. Source:
    /// npm @smithy/core 3.39.0, dist-es/submodules/retry/util-retry/retries-2026-config.js (class
    /// <c>Retry</c> with SMITHY_NEW_RETRIES_2026 unset: delay() 100, throttlingDelay() 500, cost() 5,
    /// throttlingCost() 10, modifiedCostType() "TRANSIENT") and util-retry/constants.js.
    /// </summary>
    public static JsV3RetryRules Legacy { get; } = new(TransientBaseMs: 100, ThrottlingBaseMs: 500, TransientCost: 10, ThrottlingCost: 5);

    /// <summary>
    /// The 2026 rules: 50 ms / 1,000 ms bases, a transient retry costs 14 and a throttling retry 5.
    /// Source: npm @smithy/core 3.41.1 (the version @aws-sdk/client-bedrock-runtime 3.1164.0
    /// resolves to), dist-es/submodules/retry/util-retry/retries-2026-config.js (class <c>Retry</c>,
    /// v2026 always true since @smithy/core 3.40.0: delay() 50, throttlingDelay() 1000, cost() 14,
    /// throttlingCost() 5, modifiedCostType() "THROTTLING"); AWS Developer Tools Blog "Updated
    /// default retry behavior for AWS SDKs and tools" (JavaScript 3.x: default in 3.1166.0 with
    /// @smithy/core 3.40.0 or later).
    /// </summary>
    public static JsV3RetryRules Retries2026 { get; } = new(TransientBaseMs: 50, ThrottlingBaseMs: 1_000, TransientCost: 14, ThrottlingCost: 5);

    public static JsV3RetryRules For(RetryBehaviour behaviour) => behaviour == RetryBehaviour.Legacy ? Legacy : Retries2026;
}
