using System.Text.Json;
using LoadTest.Core;

namespace LoadTest.Import.Tests;

public sealed class ReaderTests : IDisposable
{
    private readonly Records _r = new();

    public void Dispose() => _r.Dispose();

    private static List<ImportedInvocation> ReadLogs(ReadLog log, params string[] paths) => InvocationLogReader.Read(paths, log).ToList();

    [Fact]
    public void Files_read_in_parallel_give_their_records_and_skipped_lines_in_file_order()
    {
        // 12 files of 3,000 records, each with one bad line: more than one worker's read-ahead, so workers wait on the reader.
        for (var f = 0; f < 12; f++)
        {
            var lines = Enumerable.Range(0, 3000).Select(i => Records.Log($"2026-11-03T{f:00}:{i / 60 % 60:00}:{i % 60:00}Z", Records.Llama, i, 1, id: $"f{f:00}-{i:0000}")).ToList();
            lines.Insert(100 + f, "{ not json");
            _r.WriteGzip($"logs/{f:00}.json.gz", string.Join("\n", lines));
        }

        var log = new ReadLog();
        var ids = ReadLogs(log, _r.Path_("logs")).Select(x => x.RequestId).ToList();

        Assert.Equal(Enumerable.Range(0, 12).SelectMany(f => Enumerable.Range(0, 3000).Select(i => $"f{f:00}-{i:0000}")), ids);
        Assert.Equal(Enumerable.Range(0, 12).Select(f => _r.Path_($"logs/{f:00}.json.gz")), log.Files);
        Assert.Equal(12, log.Skipped);
        Assert.Equal(Enumerable.Range(0, ReadLog.KeptInFull).Select(f => (_r.Path_($"logs/{f:00}.json.gz"), 101L + f)), log.FirstSkipped.Select(s => (s.File, s.Line)));
    }

    [Fact]
    public void A_file_without_records_is_passed_over_in_a_folder_but_refused_when_named()
    {
        // The emulator's --log-dir: the invocation log beside CloudTrail and metrics.
        var logFile = _r.Write("emulator-log/model-invocations.jsonl", string.Join("\n", Records.Sample));
        var trail = _r.Write("emulator-log/cloudtrail.jsonl", """{"eventTime":"2026-11-03T10:00:00Z","eventSource":"bedrock.amazonaws.com","eventName":"Converse"}""");

        var log = new ReadLog();
        var records = ReadLogs(log, _r.Path_("emulator-log"));

        Assert.Equal(Records.Sample.Length, records.Count);
        Assert.Equal([logFile], log.Files);
        Assert.Equal([trail], log.PassedOver);
        Assert.Equal(0, log.Skipped);

        var named = Assert.Throws<ConfigException>(() => ReadLogs(new ReadLog(), trail));
        Assert.Contains("has no usable record", named.Message, StringComparison.Ordinal);

        var onlyForeign = _r.Write("foreign/cloudtrail.jsonl", """{"eventTime":"2026-11-03T10:00:00Z"}""");
        var folder = Assert.Throws<ConfigException>(() => ReadLogs(new ReadLog(), _r.Path_("foreign")));
        Assert.Contains("has no usable record", folder.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(onlyForeign));
    }

    [Fact]
    public void A_byte_order_mark_CRLF_ends_and_a_line_longer_than_the_read_buffer_are_read()
    {
        var longBody = new string('x', 200_000);
        var longLine = Records.Log("2026-11-03T10:00:00Z", Records.Llama, 7, 1, id: "long").Replace(Records.Marker, longBody, StringComparison.Ordinal);
        var file = _r.Write("crlf.json", "\uFEFF" + Records.Sample[0] + "\r\n\r\n" + longLine + "\r\n" + Records.Sample[1]);
        var log = new ReadLog();

        var records = ReadLogs(log, file);

        Assert.Equal(3, records.Count);
        Assert.Equal(0, log.Skipped);
        Assert.Equal(7, records[1].InputTokens);
        Assert.Equal("long", records[1].RequestId);
    }

    [Fact]
    public void S3_lines_give_every_field_and_only_maxTokens_of_a_body()
    {
        var file = _r.Write("logs.json", string.Join("\n", Records.Sample) + "\n");
        var log = new ReadLog();
        var records = ReadLogs(log, file).OrderBy(x => x.RequestId).ToList();

        Assert.Equal(4, log.Records);
        Assert.Equal(0, log.Skipped);
        var a = records[0];
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 10, 0, 5, TimeSpan.Zero), a.Time);
        Assert.Equal("us-east-1", a.SourceRegion);
        Assert.Equal("us-west-2", a.InferenceRegion);
        Assert.True(a.Rerouted);
        Assert.Equal("Converse", a.Operation);
        Assert.Equal(Records.Sonnet, a.ModelId);
        Assert.Equal((100L, 10L, 0L, 20L), (a.InputTokens!.Value, a.OutputTokens!.Value, a.CacheReadTokens!.Value, a.CacheWriteTokens!.Value));
        Assert.Equal("acme", a.RequestMetadata["tenant"]);
        Assert.Equal(512, a.MaxTokens);
        Assert.Equal(1024, records[1].MaxTokens);
        Assert.False(records[1].Rerouted);
        Assert.Null(records[3].MaxTokens);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 11, 30, 0, 123, TimeSpan.Zero), records[3].Time);
    }

    [Fact]
    public void CloudWatch_export_lines_and_filter_log_events_json_read_like_S3_lines()
    {
        var export = _r.Write("export.txt", string.Join("\n", Records.Sample.Select(l => "2026-11-03T10:00:00.000Z " + l)));
        var events = Records.Sample.Select((l, i) => new { logStreamName = "aws/bedrock/modelinvocations", timestamp = 1_700_000_000_000L + i, message = l, ingestionTime = 1L, eventId = "e" + i });
        var filtered = _r.Write("filtered.json", JsonSerializer.Serialize(new { events, searchedLogStreams = Array.Empty<object>() }, new JsonSerializerOptions { WriteIndented = true }));

        var s3 = ReadLogs(new ReadLog(), _r.Write("s3.json", string.Join("\n", Records.Sample)));
        var fromExport = ReadLogs(new ReadLog(), export);
        var fromEvents = ReadLogs(new ReadLog(), filtered);

        Assert.Equal(s3.Select(Key), fromExport.Select(Key));
        Assert.Equal(s3.Select(Key), fromEvents.Select(Key));
    }

    [Fact]
    public void A_filter_log_events_file_larger_than_the_read_buffer_streams_every_event()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => Records.Log($"2026-11-03T10:{i / 60 % 60:00}:{i % 60:00}Z", Records.Llama, i, 1, id: "id" + i)).ToList();
        var events = lines.Select(l => new { message = l, timestamp = 1L });
        var path = _r.Write("big.json", JsonSerializer.Serialize(new { events, nextToken = "x" }));
        Assert.True(new FileInfo(path).Length > 4 * 65536);

        var records = ReadLogs(new ReadLog(), path);

        Assert.Equal(3000, records.Count);
        Assert.Equal(Enumerable.Range(0, 3000).Sum(i => (long)i), records.Sum(x => x.InputTokens!.Value));
    }

    [Fact]
    public void Gzip_is_found_by_its_magic_bytes_and_folders_are_read_recursively()
    {
        _r.WriteGzip("logs/2026/11/03/a.json", Records.Sample[0] + "\n" + Records.Sample[1]); // gzip without .gz
        _r.WriteGzip("logs/2026/11/04/b.json.gz", Records.Sample[2]);
        _r.Write("logs/c.json", Records.Sample[3]);
        var log = new ReadLog();

        var records = ReadLogs(log, _r.Path_("logs"));

        Assert.Equal(3, log.Files.Count);
        Assert.Equal(["a", "b", "c", "d"], records.Select(x => x.RequestId).Order());
    }

    [Fact]
    public void Malformed_lines_are_skipped_counted_and_the_first_five_reported_without_their_content()
    {
        var bad = Enumerable.Range(0, 7).Select(i => "{\"schemaType\":\"ModelInvocationLog\",\"input\":{\"inputBodyJson\":\"" + Records.Marker + " truncated").ToList();
        var lines = new List<string> { Records.Sample[0] };
        lines.AddRange(bad);
        lines.Add(Records.Sample[1]);
        var file = _r.Write("mixed.json", string.Join("\n", lines));
        var log = new ReadLog();

        var records = ReadLogs(log, file);

        Assert.Equal(2, records.Count);
        Assert.Equal(7, log.Skipped);
        Assert.Equal(5, log.FirstSkipped.Count);
        Assert.Equal([2L, 3, 4, 5, 6], log.FirstSkipped.Select(s => s.Line));
        Assert.All(log.FirstSkipped, s => Assert.Equal(file, s.File));
        Assert.All(log.FirstSkipped, s => Assert.DoesNotContain(Records.Marker, s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_truncated_filter_log_events_file_is_a_config_error_that_quotes_nothing()
    {
        var whole = JsonSerializer.Serialize(new { events = Records.Sample.Select(l => new { message = l }) });
        var file = _r.Write("cut.json", whole[..(whole.Length / 2)]);

        var e = Assert.Throws<ConfigException>(() => ReadLogs(new ReadLog(), file));

        Assert.Contains("filter-log-events", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Records.Marker, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_gzip_log_is_a_config_error_naming_the_file()
    {
        var file = _r.Write("broken.json.gz", "");
        File.WriteAllBytes(file, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04, 0x05]);

        var e = Assert.Throws<ConfigException>(() => ReadLogs(new ReadLog(), file));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_schemaVersion_is_a_config_error_that_says_what_was_expected()
    {
        var file = _r.Write("v2.json", Records.Log("2026-11-03T10:00:00Z", Records.Llama, 1, 1, version: "2.0"));

        var e = Assert.Throws<ConfigException>(() => ReadLogs(new ReadLog(), file));

        Assert.Contains("2.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("1.0", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Records.Marker, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_no_usable_record_is_a_config_error()
    {
        var file = _r.Write("junk.json", "not json " + Records.Marker + "\n{\"schemaType\":\"Other\"}\n");

        var e = Assert.Throws<ConfigException>(() => ReadLogs(new ReadLog(), file));

        Assert.Contains("ModelInvocationLog", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Records.Marker, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CloudTrail_records_files_and_event_lines_give_regions_and_rerouting()
    {
        static string Event(string time, string? inferenceRegion, string source = "bedrock.amazonaws.com", string? error = null)
            => $$"""{"eventVersion":"1.09","eventTime":"{{time}}","eventSource":"{{source}}","eventName":"Converse","awsRegion":"us-east-1","requestParameters":{"modelId":"{{Records.Sonnet}}"},"requestID":"q-{{time}}"{{(error is null ? "" : $",\"errorCode\":\"{error}\"")}}{{(inferenceRegion is null ? "" : $",\"additionalEventData\":{{\"inferenceRegion\":\"{inferenceRegion}\"}}")}}}""";
        var recordsFile = _r.WriteGzip("trail/a.json.gz", "{\"Records\":[" + string.Join(",", Event("2026-11-03T10:00:00Z", "us-west-2"), Event("2026-11-03T10:00:01Z", null), Event("2026-11-03T10:00:02Z", null, source: "s3.amazonaws.com")) + "]}");
        var lines = _r.Write("trail/b.jsonl", Event("2026-11-03T10:00:03Z", "us-east-2", error: "ThrottlingException") + "\n" + Event("2026-11-03T10:00:04Z", "us-east-1"));
        var log = new ReadLog();

        var events = CloudTrailReader.Read([_r.Path_("trail")], log).ToList();

        Assert.Equal(4, events.Count);
        Assert.Equal(1, log.Ignored);
        Assert.Equal(["us-west-2", "us-east-1", "us-east-2", "us-east-1"], events.Select(e => e.ServedRegion));
        Assert.Equal(2, events.Count(e => e.Rerouted));
        Assert.Equal("ThrottlingException", events[2].ErrorCode);
        Assert.All(events, e => Assert.Null(e.InputTokens));
        Assert.True(File.Exists(recordsFile) && File.Exists(lines));
    }

    [Fact]
    public void Get_metric_data_output_gives_per_minute_points_per_model_and_throttled_minutes()
    {
        var json = $$"""
        {
            "MetricDataResults": [
                { "Id": "inv", "Label": "Invocations {{Records.Sonnet}}", "Timestamps": ["2026-11-03T10:01:00+00:00", "2026-11-03T10:00:00+00:00"], "Values": [7.0, 5.0], "StatusCode": "Complete" },
                { "Id": "thr", "Label": "InvocationThrottles {{Records.Sonnet}}", "Timestamps": ["2026-11-03T10:01:00+00:00", "2026-11-03T10:00:00+00:00"], "Values": [3.0, 0.0], "StatusCode": "Complete" },
                { "Id": "q", "Label": "EstimatedTPMQuotaUsage {{Records.Sonnet}}", "Timestamps": ["2026-11-03T10:00:00+00:00"], "Values": [1520.0], "StatusCode": "Complete" },
                { "Id": "bad", "Label": "something else", "Timestamps": [], "Values": [] }
            ],
            "Messages": []
        }
        """;
        var file = _r.Write("metrics.json", json);
        var log = new ReadLog();

        var summary = MetricsSummary.Summarise(MetricsReader.Read([file], log).ToList(), null, null);

        Assert.Equal(5, log.Records);
        Assert.Equal(1, log.Skipped);
        var m = Assert.Single(summary);
        Assert.Equal(Records.Sonnet, m.ModelId);
        Assert.Equal(12, m.Totals["Invocations"]);
        Assert.Equal(new MetricPeak(new DateTimeOffset(2026, 11, 3, 10, 1, 0, TimeSpan.Zero), 7), m.Peaks["Invocations"]);
        var throttled = Assert.Single(m.ThrottledMinutes);
        Assert.Equal((new DateTimeOffset(2026, 11, 3, 10, 1, 0, TimeSpan.Zero), 3.0), (throttled.Minute, throttled.Value));
        Assert.Equal(1520, m.Peaks["EstimatedTPMQuotaUsage"].Value);
    }

    private static string Key(ImportedInvocation x) => $"{x.RequestId} {x.Time:O} {x.ModelId} {x.InputTokens} {x.OutputTokens} {x.MaxTokens} {x.ServedRegion}";
}
