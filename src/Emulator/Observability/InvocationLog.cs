using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Observability;

/// <summary>
/// Counts every finished request and, when a log directory is set, writes the records Bedrock
/// would: model-invocations.jsonl (model invocation log records, token counts only),
/// cloudtrail.jsonl (CloudTrail data events plus the emulator's extras), per-minute metrics per
/// model (cloudwatch-metrics.jsonl and .csv) and the same minutes as get-metric-data output
/// (cloudwatch-metric-data.json, rewritten as each minute closes and when the log is disposed). Requests only enqueue a record; one background task does the I/O, so a slow disk
/// does not slow the hot path. If the queue ever fills, records are dropped and counted, not waited for.
/// </summary>
internal sealed class InvocationLog : IAsyncDisposable
{
    private const int QueueCapacity = 200_000;

    /// <summary>The emulated caller's account: the 12-digit placeholder AWS documentation uses in examples.</summary>
    private const string AccountId = "123456789012";

    private const string CallerArn = "arn:aws:sts::" + AccountId + ":assumed-role/LoadTest/emulator";

    private const string UserAgent = "LoadTest-emulator";

    /// <summary>The AWS/Bedrock metrics get-metric-data output carries, per model.</summary>
    private static readonly string[] MetricDataNames = ["Invocations", "InputTokenCount", "OutputTokenCount", "InvocationThrottles", "EstimatedTPMQuotaUsage"];
    private const string CsvHeader = "timestamp,modelId,Invocations,InvocationThrottles,InvocationClientErrors,InvocationServerErrors,InputTokenCount,OutputTokenCount,CacheReadInputTokenCount,CacheWriteInputTokenCount,EstimatedTPMQuotaUsage,InvocationLatency";

    private readonly string _sourceRegion;
    private readonly Channel<InvocationRecord>? _queue;
    private readonly Task? _writer;
    private long _requests;
    private long _succeeded;
    private long _throttled;
    private long _unavailable;
    private long _clientErrors;
    private long _serverErrors;
    private long _inputTokens;
    private long _outputTokens;
    private long _cacheRead;
    private long _cacheWrite;
    private long _quotaTokens;
    private long _dropped;

    public InvocationLog(string sourceRegion, string? directory)
    {
        _sourceRegion = sourceRegion;
        Directory = directory;
        if (directory is null)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(directory);
        _queue = Channel.CreateBounded<InvocationRecord>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    public string? Directory { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(InvocationRecord record)
    {
        Interlocked.Increment(ref _requests);
        if (record.ErrorCode is null)
        {
            Interlocked.Increment(ref _succeeded);
            Interlocked.Add(ref _inputTokens, record.InputTokens);
            Interlocked.Add(ref _outputTokens, record.OutputTokens);
            Interlocked.Add(ref _cacheRead, record.CacheReadTokens);
            Interlocked.Add(ref _cacheWrite, record.CacheWriteTokens);
            Interlocked.Add(ref _quotaTokens, record.QuotaTokens);
        }
        else if (record.HttpStatus == 429 && record.ErrorCode == Faults.BedrockErrors.Throttling)
        {
            Interlocked.Increment(ref _throttled);
        }
        else if (record.HttpStatus >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
            if (record.ErrorCode == Faults.BedrockErrors.ServiceUnavailable)
            {
                Interlocked.Increment(ref _unavailable);
            }
        }
        else
        {
            Interlocked.Increment(ref _clientErrors);
        }

        if (_queue is not null && !_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public EmulatorStatistics Snapshot() => new(
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _succeeded),
        Interlocked.Read(ref _throttled),
        Interlocked.Read(ref _unavailable),
        Interlocked.Read(ref _clientErrors),
        Interlocked.Read(ref _serverErrors),
        Interlocked.Read(ref _inputTokens),
        Interlocked.Read(ref _outputTokens),
        Interlocked.Read(ref _cacheRead),
        Interlocked.Read(ref _cacheWrite),
        Interlocked.Read(ref _quotaTokens));

    public async ValueTask DisposeAsync()
    {
        if (_queue is null || _writer is null)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writer;
    }

    private static long MinuteOf(DateTimeOffset t) => t.ToUnixTimeSeconds() / 60;

    private async Task WriteLoopAsync()
    {
        var dir = Directory!;
        await using var trail = new FileStream(Path.Combine(dir, "cloudtrail.jsonl"), FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        await using var invocations = new FileStream(Path.Combine(dir, "model-invocations.jsonl"), FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        await using var metricsJson = new StreamWriter(Path.Combine(dir, "cloudwatch-metrics.jsonl"), append: false, new UTF8Encoding(false));
        await using var metricsCsv = new StreamWriter(Path.Combine(dir, "cloudwatch-metrics.csv"), append: false, new UTF8Encoding(false));
        await metricsCsv.WriteLineAsync(CsvHeader);
        var minutes = new SortedDictionary<long, Dictionary<string, MinuteAggregate>>();
        var closed = new List<MinuteMetrics>();
        var newline = "\n"u8.ToArray();
        using var json = new Utf8JsonWriter(trail);
        using var invocationJson = new Utf8JsonWriter(invocations);
        var reader = _queue!.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var r))
            {
                JsonSerializer.Serialize(json, ToTrail(r), EmulatorJsonContext.Default.CloudTrailEvent);
                await json.FlushAsync();
                json.Reset();
                trail.Write(newline);
                if (!string.Equals(r.EventName, "CountTokens", StringComparison.Ordinal))
                {
                    JsonSerializer.Serialize(invocationJson, ToInvocationLog(r), EmulatorJsonContext.Default.ModelInvocationLogRecord);
                    await invocationJson.FlushAsync();
                    invocationJson.Reset();
                    invocations.Write(newline);
                }

                var minute = MinuteOf(r.EventTime);
                if (!minutes.TryGetValue(minute, out var byModel))
                {
                    byModel = new Dictionary<string, MinuteAggregate>(StringComparer.Ordinal);
                    minutes[minute] = byModel;
                }

                if (!byModel.TryGetValue(r.ModelId, out var agg))
                {
                    agg = new MinuteAggregate();
                    byModel[r.ModelId] = agg;
                }

                agg.Add(r);

                // Keep one minute open for stragglers; everything older is final.
                while (minutes.Count > 0 && minutes.Keys.First() < minute - 1)
                {
                    var first = minutes.Keys.First();
                    await WriteMinuteAsync(first, minutes[first], metricsJson, metricsCsv, closed);
                    minutes.Remove(first);
                    await WriteMetricDataAsync(dir, closed);
                }
            }

            await trail.FlushAsync();
            await invocations.FlushAsync();
            await metricsJson.FlushAsync();
            await metricsCsv.FlushAsync();
        }

        foreach (var (minute, byModel) in minutes)
        {
            await WriteMinuteAsync(minute, byModel, metricsJson, metricsCsv, closed);
        }

        await WriteMetricDataAsync(dir, closed);
    }

    private CloudTrailEvent ToTrail(InvocationRecord r) => new()
    {
        UserIdentity = new CloudTrailIdentity { Arn = CallerArn, AccountId = AccountId },
        EventTime = r.EventTime,
        EventName = r.EventName,
        AwsRegion = _sourceRegion,
        UserAgent = UserAgent,
        ErrorMessage = r.ErrorCode is null ? null : r.ErrorMessage ?? r.ErrorCode,
        RequestParameters = new CloudTrailModelParameters { ModelId = r.ModelId },
        AdditionalEventData = r.InferenceRegion is null ? null : new CloudTrailInferenceData { InferenceRegion = r.InferenceRegion },
        RequestIdCloudTrail = r.RequestId,
        EventId = Guid.NewGuid().ToString(),
        RecipientAccountId = AccountId,
        InferenceRegion = r.InferenceRegion,
        RequestId = r.RequestId,
        ModelId = r.ModelId,
        HttpStatus = r.HttpStatus,
        ErrorCode = r.ErrorCode,
        InputTokens = r.InputTokens,
        OutputTokens = r.OutputTokens,
        CacheReadInputTokens = r.CacheReadTokens,
        CacheWriteInputTokens = r.CacheWriteTokens,
        QuotaTokens = r.QuotaTokens,
        LatencyMs = (long)Math.Round(r.LatencyMs),
    };

    private ModelInvocationLogRecord ToInvocationLog(InvocationRecord r) => new()
    {
        Timestamp = r.EventTime,
        AccountId = AccountId,
        Identity = new InvocationIdentity { Arn = CallerArn },
        Region = _sourceRegion,
        RequestId = r.RequestId,
        Operation = r.EventName,
        ModelId = r.ModelId,
        RequestMetadata = r.RequestMetadata,
        Input = new InvocationInput
        {
            InputTokenCount = r.InputTokens,
            CacheReadInputTokenCount = r.CacheReadTokens,
            CacheWriteInputTokenCount = r.CacheWriteTokens,
        },
        Output = new InvocationOutput { OutputTokenCount = r.OutputTokens },
        InferenceRegion = r.InferenceRegion,
        ErrorCode = r.ErrorCode,
    };

    /// <summary>Every closed minute as get-metric-data prints it: one series per metric and model, newest first.</summary>
    private static async Task WriteMetricDataAsync(string dir, List<MinuteMetrics> closed)
    {
        var output = new MetricDataOutput();
        var models = closed.Select(m => m.ModelId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < models.Count; i++)
        {
            var series = closed.Where(m => string.Equals(m.ModelId, models[i], StringComparison.Ordinal))
                .OrderByDescending(m => m.Timestamp).ToList();
            foreach (var name in MetricDataNames)
            {
                output.MetricDataResults.Add(new MetricDataResult
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"m{i}_{name.ToLowerInvariant()}"),
                    Label = $"{name} {models[i]}",
                    Timestamps = series.Select(m => m.Timestamp).ToList(),
                    Values = series.Select(m => (double)MetricValue(m, name)).ToList(),
                });
            }
        }

        // Write beside, then move: a reader never sees a half-written file.
        var path = Path.Combine(dir, "cloudwatch-metric-data.json");
        var partial = path + ".partial";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(file, output, EmulatorJsonContext.Default.MetricDataOutput);
        }

        File.Move(partial, path, overwrite: true);
    }

    private static long MetricValue(MinuteMetrics m, string name) => name switch
    {
        "Invocations" => m.Invocations,
        "InputTokenCount" => m.InputTokenCount,
        "OutputTokenCount" => m.OutputTokenCount,
        "InvocationThrottles" => m.InvocationThrottles,
        "EstimatedTPMQuotaUsage" => m.EstimatedTpmQuotaUsage,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static async Task WriteMinuteAsync(long minute, Dictionary<string, MinuteAggregate> byModel, StreamWriter jsonl, StreamWriter csv, List<MinuteMetrics> closed)
    {
        var stamp = DateTimeOffset.FromUnixTimeSeconds(minute * 60);
        foreach (var (model, a) in byModel.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var m = a.ToMetrics(stamp, model);
            closed.Add(m);
            await jsonl.WriteLineAsync(JsonSerializer.Serialize(m, EmulatorJsonContext.Default.MinuteMetrics));
            await csv.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{stamp:yyyy-MM-ddTHH:mm:ssZ},{model},{m.Invocations},{m.InvocationThrottles},{m.InvocationClientErrors},{m.InvocationServerErrors},{m.InputTokenCount},{m.OutputTokenCount},{m.CacheReadInputTokenCount},{m.CacheWriteInputTokenCount},{m.EstimatedTpmQuotaUsage},{m.InvocationLatency:0.###}"));
        }
    }

    private sealed class MinuteAggregate
    {
        private long _invocations;
        private long _throttles;
        private long _clientErrors;
        private long _serverErrors;
        private long _input;
        private long _output;
        private long _cacheRead;
        private long _cacheWrite;
        private long _quota;
        private double _latencySum;

        public void Add(InvocationRecord r)
        {
            if (string.Equals(r.EventName, "CountTokens", StringComparison.Ordinal))
            {
                return;
            }

            if (r.ErrorCode is null)
            {
                _invocations++;
                _input += r.InputTokens;
                _output += r.OutputTokens;
                _cacheRead += r.CacheReadTokens;
                _cacheWrite += r.CacheWriteTokens;
                _quota += r.QuotaTokens;
                _latencySum += r.LatencyMs;
            }
            else if (r.HttpStatus == 429 && r.ErrorCode == Faults.BedrockErrors.Throttling)
            {
                _throttles++;
            }
            else if (r.HttpStatus >= 500)
            {
                _serverErrors++;
            }
            else
            {
                _clientErrors++;
            }
        }

        public MinuteMetrics ToMetrics(DateTimeOffset stamp, string model) => new()
        {
            Timestamp = stamp,
            ModelId = model,
            Invocations = _invocations,
            InvocationThrottles = _throttles,
            InvocationClientErrors = _clientErrors,
            InvocationServerErrors = _serverErrors,
            InputTokenCount = _input,
            OutputTokenCount = _output,
            CacheReadInputTokenCount = _cacheRead,
            CacheWriteInputTokenCount = _cacheWrite,
            EstimatedTpmQuotaUsage = _quota,
            InvocationLatency = _invocations == 0 ? 0 : _latencySum / _invocations,
        };
    }
}
