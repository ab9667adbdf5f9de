namespace LoadTest.Planner.Requirements;

/// <summary>
/// One profile's recorded traffic from an import of Bedrock's records (model invocation logs):
/// the minutes that set the required RPM and TPM, and the busiest calendar day that sets TPD.
/// Quota tokens are input + cache write + output x burndown, counted per minute by the import.
/// </summary>
/// <param name="RequestsMinute">The minute (UTC) with the most requests: its requests are the baseline RPM.</param>
/// <param name="Requests">Requests started in <paramref name="RequestsMinute"/>.</param>
/// <param name="QuotaMinute">The minute (UTC) with the most quota tokens: its quota tokens are the baseline TPM.</param>
/// <param name="QuotaTokens">Quota tokens of <paramref name="QuotaMinute"/>.</param>
/// <param name="QuotaMinuteRequests">Requests started in <paramref name="QuotaMinute"/>.</param>
/// <param name="BusiestDay">The calendar day (UTC) with the most quota tokens.</param>
/// <param name="BusiestDayQuotaTokens">Quota tokens of <paramref name="BusiestDay"/>: the baseline TPD.</param>
/// <param name="BusiestDayHoursRecorded">Hours of <paramref name="BusiestDay"/> inside the records' span (24 = the whole day).</param>
public sealed record RecordedPeak(
    DateTimeOffset RequestsMinute,
    long Requests,
    DateTimeOffset QuotaMinute,
    long QuotaTokens,
    long QuotaMinuteRequests,
    DateOnly BusiestDay,
    long BusiestDayQuotaTokens,
    double BusiestDayHoursRecorded)
{
    /// <summary>
    /// The recorded day's average over its peak: the busiest day's quota tokens over a day spent
    /// at the peak minute's rate (<see cref="QuotaTokens"/> x 1,440). Required TPD = required TPM
    /// x 1,440 x this ratio = the busiest day's quota tokens x peak multiplier x growth.
    /// </summary>
    public double AverageToPeak => QuotaTokens <= 0 ? 1 : Math.Min(1, BusiestDayQuotaTokens / (QuotaTokens * 1440.0));
}
