using System.Text;
using LoadTest.Scenarios.Results;

namespace LoadTest.Scenarios.Output;

/// <summary>The requests.csv format: header and one line per <see cref="RequestRecord"/>.</summary>
public static class RequestsCsv
{
    public const string Header = "id,scheduledMs,startedMs,firstByteMs,firstTokenMs,endedMs,phase,workload,model,api,outcome,errorCode,httpStatus,attempts,throttledAttempts,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,quotaTokens,maxTokens,inferenceRegion,requestId";

    public static string Line(RequestRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var b = new StringBuilder(160);
        b.Append(CsvText.Field(r.Id)).Append(',')
            .Append(CsvText.Field(r.ScheduledMs)).Append(',')
            .Append(CsvText.Field(r.StartedMs)).Append(',')
            .Append(CsvText.Field(r.FirstByteMs)).Append(',')
            .Append(CsvText.Field(r.FirstTokenMs)).Append(',')
            .Append(CsvText.Field(r.EndedMs)).Append(',')
            .Append(CsvText.Field(r.Phase)).Append(',')
            .Append(CsvText.Field(r.Workload)).Append(',')
            .Append(CsvText.Field(r.Model)).Append(',')
            .Append(CsvText.Field(r.Api)).Append(',')
            .Append(CsvText.Field(r.Outcome)).Append(',')
            .Append(CsvText.Field(r.ErrorCode)).Append(',')
            .Append(CsvText.Field(r.HttpStatus)).Append(',')
            .Append(CsvText.Field(r.Attempts)).Append(',')
            .Append(CsvText.Field(r.ThrottledAttempts)).Append(',')
            .Append(CsvText.Field(r.InputTokens)).Append(',')
            .Append(CsvText.Field(r.OutputTokens)).Append(',')
            .Append(CsvText.Field(r.CacheReadTokens)).Append(',')
            .Append(CsvText.Field(r.CacheWriteTokens)).Append(',')
            .Append(CsvText.Field(r.QuotaTokens)).Append(',')
            .Append(CsvText.Field(r.MaxTokens)).Append(',')
            .Append(CsvText.Field(r.InferenceRegion)).Append(',')
            .Append(CsvText.Field(r.RequestId));
        return b.ToString();
    }
}
