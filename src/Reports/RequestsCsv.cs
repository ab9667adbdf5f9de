using System.Globalization;
using LoadTest.Scenarios.Results;
using LoadTest.Scenarios.Output;

namespace LoadTest.Reports;

/// <summary>Streams requests.csv (header by name, empty field = null) without holding the file in memory.</summary>
public static class RequestsCsv
{
    public const string FileName = ResultsDirectory.RequestsFile;

    public static IEnumerable<RequestRecord> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null)
        {
            yield break;
        }

        var index = CsvLine.Split(header)
            .Select((name, i) => (name: name.Trim(), i))
            .ToDictionary(x => x.name, x => x.i, StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(line);
            string? S(string name) => index.TryGetValue(name, out var i) && i < f.Count && f[i].Length > 0 ? f[i] : null;
            double? D(string name) => S(name) is { } s ? double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
            int I(string name) => (int)(D(name) ?? 0);
            yield return new RequestRecord
            {
                Id = (long)(D("id") ?? 0),
                ScheduledMs = D("scheduledMs") ?? 0,
                StartedMs = D("startedMs"),
                FirstByteMs = D("firstByteMs"),
                FirstTokenMs = D("firstTokenMs"),
                EndedMs = D("endedMs"),
                Phase = I("phase"),
                Workload = S("workload") ?? "",
                Model = S("model") ?? "",
                Api = S("api") ?? "",
                Outcome = S("outcome") ?? "",
                ErrorCode = S("errorCode"),
                HttpStatus = D("httpStatus") is { } h ? (int)h : null,
                Attempts = I("attempts"),
                ThrottledAttempts = I("throttledAttempts"),
                InputTokens = I("inputTokens"),
                OutputTokens = I("outputTokens"),
                CacheReadTokens = I("cacheReadTokens"),
                CacheWriteTokens = I("cacheWriteTokens"),
                QuotaTokens = (long)(D("quotaTokens") ?? 0),
                MaxTokens = I("maxTokens"),
                InferenceRegion = S("inferenceRegion"),
                RequestId = S("requestId"),
            };
        }
    }
}
