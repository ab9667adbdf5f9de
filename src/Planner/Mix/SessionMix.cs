namespace LoadTest.Planner.Mix;

/// <summary>
/// A run's multi-turn sessions in one slice (a model, or a model and workload), from the rows that
/// carry a session ID. A session counts from its first row, dropped or cut short ones too (they are
/// part of the demand, and cost what they consumed): its quota tokens are the sum over its rows
/// that consumed quota of input + cache write + output x the model's burndown.
/// </summary>
/// <param name="Count">Distinct sessions in the rows.</param>
/// <param name="SessionsPerMinute">Sessions over the run's duration in minutes.</param>
/// <param name="TurnsPerSession">The sessions' rows over the sessions.</param>
/// <param name="QuotaTokensPerSession">The sessions' quota tokens over the sessions.</param>
public sealed record SessionMix(long Count, double SessionsPerMinute, double TurnsPerSession, double QuotaTokensPerSession);
