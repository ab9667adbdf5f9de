using LoadTest.Config;
using LoadTest.Emulator.Generation;

namespace LoadTest.Emulator.Faults;

/// <summary>The faults rolled for one request (all empty for most requests).</summary>
internal readonly record struct FaultPlan(
    string? ErrorType,
    string? MidStreamException,
    TimeSpan Stall,
    bool Reset,
    TimeSpan SlowFirstByte,
    bool TruncateFrame = false,
    bool CorruptCrc = false)
{
    /// <summary>Rolls each configured fault independently for a request to <paramref name="modelId"/>.</summary>
    public static FaultPlan Roll(IReadOnlyList<FaultSpec> faults, string modelId, ref RequestRandom random)
    {
        if (faults.Count == 0)
        {
            return default;
        }

        string? error = null;
        string? midStream = null;
        var stall = TimeSpan.Zero;
        var reset = false;
        var slow = TimeSpan.Zero;
        var truncate = false;
        var corrupt = false;
        foreach (var f in faults)
        {
            // Roll even for a non-matching model so one model's faults do not shift another's sequence.
            var hit = random.NextDouble() < f.Rate;
            if (!hit || (f.ModelId is not null && !string.Equals(f.ModelId, modelId, StringComparison.Ordinal)))
            {
                continue;
            }

            switch (f.Kind)
            {
                case FaultKind.Error:
                    error ??= f.ErrorType;
                    break;
                case FaultKind.MidStream:
                    midStream ??= f.ErrorType;
                    break;
                case FaultKind.Stall:
                    stall += f.Duration;
                    break;
                case FaultKind.Reset:
                    reset = true;
                    break;
                case FaultKind.SlowFirstByte:
                    slow += f.Duration;
                    break;
                case FaultKind.TruncateFrame:
                    truncate = true;
                    break;
                case FaultKind.CorruptCrc:
                    corrupt = true;
                    break;
            }
        }

        return new FaultPlan(error, midStream, stall, reset, slow, truncate, corrupt);
    }
}
