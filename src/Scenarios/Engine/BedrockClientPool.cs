using System.Collections.Concurrent;
using LoadTest.Bedrock.Client;
using LoadTest.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// One <see cref="BedrockRuntimeClient"/> per distinct (endpoint, region, retry, timeout) settings,
/// shared by every virtual user: the SDK's adaptive rate limiter and retry quota belong to a client
/// instance, and an application under load shares one client too.
/// </summary>
public sealed class BedrockClientPool : IDisposable
{
    private readonly ConcurrentDictionary<BedrockClientOptions, Lazy<BedrockRuntimeClient>> _clients = new();
    private readonly TimeProvider _time;

    public BedrockClientPool(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    public static BedrockClientOptions OptionsFor(TargetSettings target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new BedrockClientOptions
        {
            Region = target.Region,
            ServiceUrl = target.Endpoint,
            RetryMode = target.Retry.Mode,
            MaxAttempts = target.Retry.MaxAttempts,
            FastFail = target.Retry.FastFail,
            Sdk = target.Retry.Sdk,
            RetryRules = target.Retry.Rules,
            Timeout = target.Timeout,
            MaxConnections = Math.Max(16, target.MaxInFlight),
        };
    }

    public BedrockRuntimeClient For(TargetSettings target)
    {
        var options = OptionsFor(target);
        return _clients.GetOrAdd(options, o => new Lazy<BedrockRuntimeClient>(() => new BedrockRuntimeClient(o, _time))).Value;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _clients.Clear();
    }
}
