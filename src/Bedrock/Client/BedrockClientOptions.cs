using LoadTest.Core.Errors;
using LoadTest.Core;
using LoadTest.Core.Retry;
namespace LoadTest.Bedrock.Client;

/// <summary>
/// Settings of one <see cref="BedrockRuntimeClient"/>. The harness keeps one client per distinct
/// options value (endpoint, region, retry settings) so the adaptive rate limiter is shared by
/// every virtual user of that target, as it is in an application that shares one SDK client.
/// </summary>
public sealed record BedrockClientOptions
{
    /// <summary>Source Region, also the signing Region.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>
    /// Endpoint override (an emulator or proxy). Null = AWS_ENDPOINT_URL_BEDROCK_RUNTIME, then
    /// AWS_ENDPOINT_URL, then https://bedrock-runtime.{region}.amazonaws.com.
    /// </summary>
    public Uri? ServiceUrl { get; init; }

    public RetryMode RetryMode { get; init; } = RetryMode.Standard;

    /// <summary>
    /// Whose retry behaviour the client imitates. <see cref="SdkFamily.Dotnet"/> (the default) is
    /// AWSSDK.Core's own retry handler and rate limiter. Any other family turns the SDK pipeline's
    /// retries off (it still signs and sends each attempt) and runs that SDK's retry profile
    /// (<see cref="RetryProfiles"/>) around every call, one profile instance per client.
    /// </summary>
    public SdkFamily Sdk { get; init; } = SdkFamily.Dotnet;

    /// <summary>The retry rules' generation for a non-dotnet <see cref="Sdk"/> (AWSSDK.Core runs the 2026 rules: <see cref="BedrockRuntimeClient.DotnetRetryRules"/>).</summary>
    public RetryBehaviour RetryRules { get; init; } = RetryBehaviour.Retries2026;

    /// <summary>Attempts including the first; ignored (1) when <see cref="RetryMode"/> is None.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// Adaptive mode only: the SDK's FastFailRequests. When its client-side rate limiter has no
    /// send capacity, the call fails at once (<see cref="BedrockClientErrorCodes.ClientRateLimited"/>)
    /// instead of waiting for capacity up to 15 times. Mirror what the application does.
    /// </summary>
    public bool FastFail { get; init; }

    /// <summary>
    /// Per attempt, the SDK's HTTP timeout up to the response headers; then the same budget again
    /// for reading a non-streaming body, and for streams the longest wait for the next bytes
    /// (a stream may run longer than this in total as long as it keeps flowing).
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Connection pool size per endpoint.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// Explicit credentials; null = the SDK's default chain (environment, shared profile, SSO, web
    /// identity, container and instance metadata). Against a loopback emulator with no credentials
    /// configured anywhere, the client signs with a fixed dummy key pair so a fresh machine works.
    /// </summary>
    public Amazon.Runtime.AWSCredentials? Credentials { get; init; }
}
