namespace LoadTest.Config;

/// <summary>
/// One fault the emulator injects on demand, at <see cref="Rate"/> (0..1) of the requests it
/// admits, optionally only for one model ID. Each fault is rolled independently per request.
/// </summary>
/// <param name="Kind">What happens.</param>
/// <param name="Rate">Fraction of requests hit, 0..1.</param>
/// <param name="ErrorType">For Error: the AWS error name (ThrottlingException, ...); for MidStream: the exception event type (throttlingException, ...).</param>
/// <param name="Duration">For Stall and SlowFirstByte: how long.</param>
/// <param name="ModelId">Only requests to this model or profile ID; null = every model.</param>
public sealed record FaultSpec(FaultKind Kind, double Rate, string? ErrorType = null, TimeSpan Duration = default, string? ModelId = null);
