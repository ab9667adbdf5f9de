using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

/// <summary>
/// The runtime's GCAllocationTick event (one per ~100 KB allocated, naming the type that crossed
/// the mark), counted by type: which types a loop's allocated bytes go to, without a profiler.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _ticks = new();

    public void Reset() => _ticks.Clear();

    public void PrintAndReset(string loop)
    {
        var total = Math.Max(1, _ticks.Values.Sum());
        foreach (var (type, ticks) in _ticks.OrderByDescending(kv => kv.Value).Take(25))
        {
            Console.WriteLine($"  {loop} allocations: {ticks * 100.0 / total,5:F1} % {type}");
        }

        Reset();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true
            && eventData.PayloadNames?.IndexOf("TypeName") is int index and >= 0
            && eventData.Payload?[index] is string type)
        {
            _ticks.AddOrUpdate(type, 1, (_, n) => n + 1);
        }
    }
}
