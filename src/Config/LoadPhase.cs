using System.Globalization;
using LoadTest.Core;
using LoadTest.Config;

// The load phases of a scenario: one closed set of small records (NBomber's load simulations,
// k6's executors), read together. The schedule functions live in ArrivalSchedule.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Config;

/// <summary>One phase of load. Open-model phases start requests on a schedule; closed-model ones keep users busy.</summary>
public abstract record LoadPhase
{
    private protected LoadPhase(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), "a phase cannot last a negative time");
        }

        Duration = duration;
    }

    public TimeSpan Duration { get; init; }

    /// <summary>ramp | constant | poisson | concurrency | pause</summary>
    public abstract string Kind { get; }

    /// <summary>True when starts follow a schedule whatever the responses do.</summary>
    public abstract bool IsOpen { get; }

    /// <summary>Requests per minute offered at the phase's start and end (0 for closed-model and pause phases).</summary>
    public virtual (double From, double To) Rpm => (0, 0);

    public abstract string Describe();

    /// <summary>The same phase with its duration multiplied by <paramref name="factor"/>, rates kept.</summary>
    public LoadPhase Scaled(double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), "the duration scale must be a positive number");
        }

        return this with { Duration = TimeSpan.FromTicks((long)Math.Round(Duration.Ticks * factor)) };
    }

    private protected static string Rate(double rpm) => rpm.ToString("0.##", CultureInfo.InvariantCulture);

    private protected string Span => DurationText.Format(Duration);
}

/// <summary>Arrival rate changing linearly from <see cref="FromRpm"/> to <see cref="ToRpm"/>.</summary>
public sealed record RampPhase(double FromRpm, double ToRpm, TimeSpan Duration) : LoadPhase(Duration)
{
    public override string Kind => "ramp";

    public override bool IsOpen => true;

    public override (double From, double To) Rpm => (FromRpm, ToRpm);

    public override string Describe() => $"ramp {Rate(FromRpm)} -> {Rate(ToRpm)} rpm over {Span}";
}

/// <summary>Evenly spaced arrivals at a fixed rate.</summary>
public sealed record ConstantPhase(double RatePerMinute, TimeSpan Duration) : LoadPhase(Duration)
{
    public override string Kind => "constant";

    public override bool IsOpen => true;

    public override (double From, double To) Rpm => (RatePerMinute, RatePerMinute);

    public override string Describe() => $"constant {Rate(RatePerMinute)} rpm for {Span}";
}

/// <summary>Random arrivals (exponential gaps) at a mean rate.</summary>
public sealed record PoissonPhase(double RatePerMinute, TimeSpan Duration) : LoadPhase(Duration)
{
    public override string Kind => "poisson";

    public override bool IsOpen => true;

    public override (double From, double To) Rpm => (RatePerMinute, RatePerMinute);

    public override string Describe() => $"poisson {Rate(RatePerMinute)} rpm for {Span}";
}

/// <summary>Closed model: <see cref="Users"/> virtual users each send the next request when the last one ends.</summary>
public sealed record ConcurrencyPhase(int Users, TimeSpan Duration) : LoadPhase(Duration)
{
    public override string Kind => "concurrency";

    public override bool IsOpen => false;

    public override string Describe() => $"{Users} users for {Span}";
}

/// <summary>No new requests (in-flight ones finish).</summary>
public sealed record PausePhase(TimeSpan Duration) : LoadPhase(Duration)
{
    public override string Kind => "pause";

    public override bool IsOpen => false;

    public override string Describe() => $"pause {Span}";
}

/// <summary>
/// Plays back a recorded arrival trace (arrivals.csv): each row is an arrival at its own offset
/// (divided by <see cref="Speed"/>) with its own workload and token counts. <see cref="Multiplier"/>
/// scales the rate keeping the shape (the copying scheme is the engine's, docs/scenarios.md). The
/// file's rows are read when a run is made, not by the config loader: until then
/// <see cref="LoadPhase.Duration"/> is zero, and the run sets it to the trace's length / speed.
/// </summary>
public sealed record ReplayPhase(string File, double Multiplier, double Speed, TimeSpan Duration) : LoadPhase(Duration)
{
    /// <summary>Where in scenarios.yaml the phase was written, for errors about its rows (0 when unknown).</summary>
    public long Line { get; init; }

    public override string Kind => "replay";

    public override bool IsOpen => true;

    public override string Describe() => $"replay {System.IO.Path.GetFileName(File)} x{Multiplier.ToString("0.##", CultureInfo.InvariantCulture)} at speed {Speed.ToString("0.##", CultureInfo.InvariantCulture)} for {Span}";
}
