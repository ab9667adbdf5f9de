namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>The harness's own state over the last couple of seconds, for the progress line.</summary>
/// <param name="Saturated">A second in the window crossed a saturation threshold.</param>
/// <param name="LagMs">The worst dispatch or timer lag in the window.</param>
/// <param name="Cpu">Process CPU over the window, as a fraction of all cores.</param>
public sealed record HarnessStatus(bool Saturated, double LagMs, double Cpu);
