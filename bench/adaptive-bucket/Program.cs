// How many send tokens does AWSSDK.Core's adaptive-mode TokenBucket grant once throttling has cut
// its fill rate to the floor (0.5 tokens/s)? Callers share one bucket, as the virtual users of one
// client do. Each caller takes a token, "sends" for a while, and asks again, for a fixed time.
// Expected by the fill rate: about 1 + 0.5 x seconds. The probe counts, next to the grants, how
// often the SDK computed a wait that rounds down to 0 ms (TryAcquireTokenAsync then returns true
// without taking capacity).
using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime.Internal;

// AWSSDK.Core 4.0.x refills the bucket while a caller waits only with its 2026 retry behaviour on,
// read from this variable once, when its first retry type is touched; 4.1.0 always refills and
// reads no variable. Set unless exported, so AWS_NEW_RETRIES_2026=false shows 4.0.x's legacy bucket.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_NEW_RETRIES_2026")))
{
    Environment.SetEnvironmentVariable("AWS_NEW_RETRIES_2026", "true");
}

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var rules2026 = typeof(Amazon.Runtime.RetryPolicy).GetProperty("UseNewRetries2026", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)?.GetValue(null);
Console.WriteLine($"AWSSDK.Core {FileVersionInfo.GetVersionInfo(typeof(TokenBucket).Assembly.Location).FileVersion}, 2026 retry switch: {rules2026 ?? "none (always on)"}, {Environment.ProcessorCount} cores, {seconds:0} s per case");
Console.WriteLine("callers  send time  granted  refused  zero-wait grants  expected by fill rate");
foreach (var (callers, sendMs) in new[] { (1, 50), (30, 50), (30, 0) })
{
    var r = await RunAsync(callers, TimeSpan.FromMilliseconds(sendMs), TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"{callers,7}  {sendMs,6} ms  {r.Granted,7}  {r.Refused,7}  {r.ZeroWait,16}  {r.Expected,21:0}");
}

static async Task<(int Granted, int Refused, int ZeroWait, double Expected)> RunAsync(int callers, TimeSpan send, TimeSpan length)
{
    var bucket = new CountingBucket();
    for (var i = 0; i < 12; i++)
    {
        bucket.UpdateClientSendingRate(isThrottlingError: true); // throttled: enabled, fill rate at its floor
    }

    var clock = Stopwatch.StartNew();
    int granted = 0, refused = 0;
    await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
    {
        while (clock.Elapsed < length)
        {
            if (await bucket.TryAcquireTokenAsync(1, failFast: false, CancellationToken.None))
            {
                Interlocked.Increment(ref granted);
                await Task.Delay(send);
            }
            else
            {
                Interlocked.Increment(ref refused);
            }

            await Task.Yield();
        }
    }));

    return (granted, refused, bucket.ZeroWaits, 1 + (bucket.Rate * clock.Elapsed.TotalSeconds));
}

internal sealed class CountingBucket : TokenBucket
{
    private int _zeroWaits;

    public int ZeroWaits => _zeroWaits;

    public double Rate => FillRate ?? double.NaN;

    protected override int CalculateWait(double amount, double currentCapacity, double fillRate)
    {
        var wait = base.CalculateWait(amount, currentCapacity, fillRate);
        if (wait == 0)
        {
            Interlocked.Increment(ref _zeroWaits);
        }

        return wait;
    }
}
