using System.Text;
using LoadTest.Core;

namespace LoadTest.Results;

/// <summary>
/// The per-request file of a run (<see cref="ResultsDirectory.RequestsFile"/>): a header and one
/// line per <see cref="RequestRecord"/>. Versions 1 and 2 share <see cref="HeaderVersion2"/>; version 3
/// appends limiterWaitMs (<see cref="HeaderVersion3"/>); version 4 the session, turn, first visible
/// token, thinking, tool-call, embedding and stop-reason columns (<see cref="Header"/>). The header must be one of them exactly; anything else is refused (exit 2), as is a
/// corrupt row. A run streams this file as requests end, so a killed run can leave its last row
/// torn: a reader that passes a handler gets the whole rows and the torn one reported
/// (<see cref="TornRow"/>); without one it is refused like any corrupt row. Reading streams: no
/// run's rows are held in memory.
/// </summary>
public static class RequestsCsv
{
    /// <summary>Schema versions 1 and 2.</summary>
    public const string HeaderVersion2 = "id,scheduledMs,startedMs,firstByteMs,firstTokenMs,endedMs,phase,workload,model,api,outcome,errorCode,httpStatus,attempts,throttledAttempts,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,quotaTokens,maxTokens,inferenceRegion,requestId";

    /// <summary>Schema version 3 adds limiterWaitMs.</summary>
    public const string HeaderVersion3 = HeaderVersion2 + ",limiterWaitMs";

    /// <summary>Schema version 4 adds what sessions, thinking, tools and embeddings measure.</summary>
    public const string Header = HeaderVersion3 + ",sessionId,turn,firstVisibleTokenMs,thinkingTokens,toolCalls,embeddings,stopReason";

    private const int LimiterWaitColumn = 23;

    /// <summary>The first column of version 4; a row written under an older header ends before it.</summary>
    private const int SessionColumn = 24;

    private static readonly string[] Headers = [HeaderVersion2, HeaderVersion3, Header];

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
            .Append(CsvText.Field(r.RequestId)).Append(',')
            .Append(CsvText.Field(r.LimiterWaitMs)).Append(',')
            .Append(CsvText.Field(r.SessionId)).Append(',')
            .Append(CsvText.Field(r.Turn)).Append(',')
            .Append(CsvText.Field(r.FirstVisibleTokenMs)).Append(',')
            .Append(CsvText.Field(r.ThinkingTokens)).Append(',')
            .Append(CsvText.Field(r.ToolCalls)).Append(',')
            .Append(CsvText.Field(r.Embeddings)).Append(',')
            .Append(CsvText.Field(r.StopReason));
        return b.ToString();
    }

    /// <summary>Writes a whole file at once (tests and tools; a run streams through <see cref="RequestsCsvWriter"/>).</summary>
    public static void Write(string path, IEnumerable<RequestRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var b = new StringBuilder();
        b.Append(Header).Append('\n');
        foreach (var r in records)
        {
            b.Append(Line(r)).Append('\n');
        }

        AtomicFile.Write(path, b.ToString());
    }

    /// <summary>Streams the rows of <paramref name="path"/>; a missing file is a <see cref="ConfigException"/>.</summary>
    /// <param name="path">The per-request file.</param>
    /// <param name="onTornLastRow">Called, at the end, when the file ends inside its last row (left out); null makes that row an error.</param>
    public static IEnumerable<RequestRecord> Read(string path, Action<TornRow>? onTornLastRow = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found");
        }

        return ReadFile(path, onTornLastRow);
    }

    public static IEnumerable<RequestRecord> Read(TextReader reader, string name, Action<TornRow>? onTornLastRow = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var row in CsvText.Rows(reader, name, Headers, onTornLastRow))
        {
            var v4 = row.Fields.Count > SessionColumn;
            yield return new RequestRecord
            {
                Id = row.Long(0) ?? 0,
                ScheduledMs = row.Double(1) ?? 0,
                StartedMs = row.Double(2),
                FirstByteMs = row.Double(3),
                FirstTokenMs = row.Double(4),
                EndedMs = row.Double(5),
                Phase = row.Int(6) ?? 0,
                Workload = row.Text(7) ?? "",
                Model = row.Text(8) ?? "",
                Api = row.Text(9) ?? "",
                Outcome = row.Text(10) ?? "",
                ErrorCode = row.Text(11),
                HttpStatus = row.Int(12),
                Attempts = row.Int(13) ?? 0,
                ThrottledAttempts = row.Int(14) ?? 0,
                InputTokens = row.Int(15) ?? 0,
                OutputTokens = row.Int(16) ?? 0,
                CacheReadTokens = row.Int(17) ?? 0,
                CacheWriteTokens = row.Int(18) ?? 0,
                QuotaTokens = row.Long(19) ?? 0,
                MaxTokens = row.Int(20) ?? 0,
                InferenceRegion = row.Text(21),
                RequestId = row.Text(22),
                LimiterWaitMs = row.Fields.Count > LimiterWaitColumn ? row.Double(LimiterWaitColumn) : null,
                SessionId = v4 ? row.Long(SessionColumn) : null,
                Turn = v4 ? row.Int(SessionColumn + 1) ?? 1 : 1,
                FirstVisibleTokenMs = v4 ? row.Double(SessionColumn + 2) : null,
                ThinkingTokens = v4 ? row.Int(SessionColumn + 3) : null,
                ToolCalls = v4 ? row.Int(SessionColumn + 4) ?? 0 : 0,
                Embeddings = v4 ? row.Int(SessionColumn + 5) : null,
                StopReason = v4 ? row.Text(SessionColumn + 6) : null,
            };
        }
    }

    private static IEnumerable<RequestRecord> ReadFile(string path, Action<TornRow>? onTornLastRow)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        foreach (var record in Read(reader, path, onTornLastRow))
        {
            yield return record;
        }
    }
}
