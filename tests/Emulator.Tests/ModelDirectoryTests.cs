using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// The model directory while application profiles come and go: a created profile is found in every
/// encoding without allocating, shares its source's quota and capacity objects, and lookups of other
/// models never miss while profiles are added and removed on another thread.
/// </summary>
public sealed class ModelDirectoryTests
{
    private const string Arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefabcdef";

    private static ModelDirectory NewDirectory()
    {
        var options = TestEmulator.Options($"models:\n  - id: {TestEmulator.Haiku}\n    tpm: 1000000\n    rpm: 1000\n");
        return new ModelDirectory(options, new RegionTable(options));
    }

    [Fact]
    public void A_created_profile_is_found_in_every_encoding_without_allocating_and_shares_its_source()
    {
        var directory = NewDirectory();
        var source = directory.Find(TestEmulator.Haiku)!;
        Assert.True(directory.TryAddApplicationProfile(Arn, source));
        Assert.False(directory.TryAddApplicationProfile(Arn, source));

        var raw = Arn.Replace("/", "%2F", StringComparison.Ordinal);
        var escaped = Uri.EscapeDataString(Arn);
        var profile = directory.Find(raw.AsSpan())!;
        Assert.Same(profile, directory.Find(escaped.AsSpan()));
        Assert.Same(source.Quota, profile.Quota);
        Assert.Same(source.Capacity, profile.Capacity);
        Assert.Equal(source.Destinations, profile.Destinations);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = directory.Find(raw.AsSpan());
            _ = directory.Find(escaped.AsSpan());
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        directory.Remove(Arn);
        Assert.Null(directory.Find(raw.AsSpan()));
        Assert.Null(directory.Find(escaped.AsSpan()));
        Assert.Null(directory.Find(Arn));
        Assert.Same(source, directory.Find(TestEmulator.Haiku));
    }

    [Fact]
    public async Task Lookups_never_miss_a_served_model_while_profiles_are_added_and_removed()
    {
        var directory = NewDirectory();
        var source = directory.Find(TestEmulator.Haiku)!;
        var escaped = Uri.EscapeDataString(TestEmulator.Haiku);
        using var stop = new CancellationTokenSource();
        var misses = 0L;
        var lookups = 0L;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (directory.Find(escaped.AsSpan()) is null)
                {
                    Interlocked.Increment(ref misses);
                }

                Interlocked.Increment(ref lookups);
            }
        })).ToList();

        // Each change waits (bounded) until the readers have looked up again, so the lookups
        // really overlap the changes even when the readers start late on a busy machine.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        void AwaitLookups()
        {
            var seen = Interlocked.Read(ref lookups);
            SpinWait.SpinUntil(() => Interlocked.Read(ref lookups) > seen + 2 || DateTime.UtcNow > deadline);
        }

        var overlapped = 0;
        for (var i = 0; i < 500; i++)
        {
            var arn = $"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/p{i:D11}";
            var before = Interlocked.Read(ref lookups);
            Assert.True(directory.TryAddApplicationProfile(arn, source));
            Assert.NotNull(directory.Find(Uri.EscapeDataString(arn).AsSpan()));
            AwaitLookups();
            if (i % 2 == 0)
            {
                directory.Remove(arn);
                AwaitLookups();
            }

            overlapped += Interlocked.Read(ref lookups) > before ? 1 : 0;
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, misses);
        Assert.Equal(500, overlapped);
        Assert.Equal(250, directory.All.Count(m => m.Id.Contains("application-inference-profile", StringComparison.Ordinal)));
    }
}
