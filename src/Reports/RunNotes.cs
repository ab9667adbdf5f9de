using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// What a run's folder does not hold, said in the report instead of recomputing it by other rules
/// (every figure a report shows is one the recorder stored).
/// </summary>
internal static class RunNotes
{
    public static IReadOnlyList<string> For(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var notes = new List<string>();
        var s = run.Summary;
        if (s.IsPartial)
        {
            notes.Add($"Partial run: its figures cover {Fmt.Duration(s.LoadSeconds)} of load, not the whole scenario, so it is not passed whatever its gates say, and its rates are not the scenario's.");
        }

        if (!run.HasTimeseries)
        {
            notes.Add($"This folder has no {ResultsDirectory.TimeseriesFile}, so the charts over time are empty; the figures above come from the summary.");
        }
        else if (run.Timeseries.Count > 0 && run.Timeseries.Any(r => r.QuotaTpm is null || r.Rpm is null))
        {
            notes.Add($"This run was recorded with result schema {s.SchemaVersion}, before quota tokens and requests per minute were stored per second, so those two charts and the peak RPM are not shown.");
        }

        if (s.SchemaVersion < ResultSchema.ErrorCodesAlwaysRecorded && s.Requests.Failed > 0 && s.ErrorCodes.Count == 0)
        {
            notes.Add("This run's summary was written before error codes were recorded, so failed requests are not broken down by error code.");
        }

        return notes;
    }
}
