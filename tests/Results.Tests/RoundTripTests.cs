namespace LoadTest.Results.Tests;

/// <summary>Each result file written and read back through the one codec gives what was written.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public void Summary_round_trips_with_every_section()
    {
        using var temp = new TempFolder();
        var summary = Samples.Summary();

        temp.Folder.WriteSummary(summary);
        var back = temp.Folder.ReadSummary();

        // Records compare by value; the dictionaries and lists inside are compared through JSON.
        Assert.Equal(SummaryJson.Serialize(summary), SummaryJson.Serialize(back));
        Assert.Equal(ResultSchema.Current, back.SchemaVersion);
        Assert.Null(back.StopReason);
        Assert.Null(back.QuotaTpm.Limit);
        Assert.Equal("ramp to 4x, \"then\" hold", back.Phases[1].Description);
        Assert.Equal("नमस्ते · ap-south-1", back.Scenario);
        Assert.Contains("नमस्ते", File.ReadAllText(temp.Folder.Summary), StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_round_trip_with_nulls_quotes_commas_and_line_breaks()
    {
        using var temp = new TempFolder();
        RequestRecord[] records =
        [
            new()
            {
                Id = 0, ScheduledMs = 100.125, StartedMs = 100.5, FirstByteMs = 300, FirstTokenMs = 350.25, EndedMs = 900.001,
                Phase = 2, Workload = "chat, long", Model = "global.anthropic.claude-sonnet-4-5-20250929-v1:0", Api = "converse-stream",
                Outcome = Outcomes.Ok, HttpStatus = 200, Attempts = 1, InputTokens = 1200, OutputTokens = 300, CacheReadTokens = 64,
                CacheWriteTokens = 32, QuotaTokens = 2732, MaxTokens = 1024, InferenceRegion = "ap-south-1", RequestId = "req-\"0\"",
                SessionId = 17, Turn = 4, FirstVisibleTokenMs = 1200.5, ThinkingTokens = 180, ToolCalls = 2, StopReason = "tool_use",
            },
            new()
            {
                Id = 3, ScheduledMs = 1300, StartedMs = 1300.5, EndedMs = 1400, Workload = "embed", Model = "global.cohere.embed-v4:0", Api = "invoke",
                Outcome = Outcomes.Ok, HttpStatus = 200, Attempts = 1, InputTokens = 96, QuotaTokens = 96, Embeddings = 3,
            },
            new()
            {
                Id = 1, ScheduledMs = 600, StartedMs = 602, EndedMs = 1500, Workload = "chat", Model = "m", Api = "converse",
                Outcome = Outcomes.Throttled, ErrorCode = "Throttling, \"too many tokens\"\nplease wait", HttpStatus = 429,
                Attempts = 3, ThrottledAttempts = 3, InputTokens = 100, MaxTokens = 256, LimiterWaitMs = 2250.125,
            },
            new() { Id = 2, ScheduledMs = 1200, Workload = "", Model = "m", Api = "converse", Outcome = Outcomes.Dropped, MaxTokens = 256 },
        ];

        RequestsCsv.Write(temp.Folder.Requests, records);
        var back = temp.Folder.ReadRequests().ToList();

        Assert.Equal(records, back);
    }

    [Fact]
    public void A_schema_2_requests_file_reads_with_no_limiter_wait()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n1,600,602,,,1500,0,chat,m,converse,throttled,ThrottlingException,429,3,3,100,0,0,0,0,256,,r1\n");

        var row = Assert.Single(temp.Folder.ReadRequests());

        Assert.Equal(3, row.Attempts);
        Assert.Null(row.LimiterWaitMs);
        Assert.Equal("r1", row.RequestId);
    }

    [Fact]
    public void A_schema_3_requests_file_reads_as_single_turn_rows_without_the_new_measurements()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion3 + "\n0,100,101,300,350,900,0,chat,m,converse-stream,ok,,200,1,0,100,20,0,0,200,256,ap-south-1,r0,12.5\n");

        var row = Assert.Single(temp.Folder.ReadRequests());

        Assert.Equal(12.5, row.LimiterWaitMs);
        Assert.Null(row.SessionId);
        Assert.Equal(1, row.Turn);
        Assert.Null(row.FirstVisibleTokenMs);
        Assert.Null(row.ThinkingTokens);
        Assert.Equal(0, row.ToolCalls);
        Assert.Null(row.Embeddings);
        Assert.Null(row.StopReason);
    }

    [Fact]
    public void The_current_header_appends_the_schema_4_columns_to_the_schema_3_ones()
    {
        Assert.StartsWith(RequestsCsv.HeaderVersion3 + ",", RequestsCsv.Header, StringComparison.Ordinal);
        Assert.EndsWith(",sessionId,turn,firstVisibleTokenMs,thinkingTokens,toolCalls,embeddings,stopReason", RequestsCsv.Header, StringComparison.Ordinal);
        Assert.Equal(4, ResultSchema.Current);
    }

    [Fact]
    public void A_summary_without_sessions_thinking_or_tools_has_no_such_keys_and_one_with_them_round_trips()
    {
        var plain = Samples.Summary() with { TtfvtMs = null, Features = null, ByWorkload = new Dictionary<string, GroupSummary> { ["chat"] = new() { Sent = 1 } } };
        var json = SummaryJson.Serialize(plain);
        Assert.DoesNotContain("\"features\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ttfvtMs\"", json, StringComparison.Ordinal);

        var full = SummaryJson.Serialize(Samples.Summary());
        Assert.Contains("\"quotaShare\": 0.25", full, StringComparison.Ordinal);
        Assert.Contains("\"turnsP95\": 9", full, StringComparison.Ordinal);
        var back = SummaryJson.Parse(full, "summary");
        Assert.Equal(Samples.Summary().ByWorkload["agent"].Features!.CacheReadShare!.ByTurn, back.ByWorkload["agent"].Features!.CacheReadShare!.ByTurn);
        Assert.Equal(1500, back.ByWorkload["agent"].TtfvtMs!.P95);
        Assert.Equal(2_430_500 / 900.0, back.Tokens.QuotaPerRequest);
    }

    [Fact]
    public async Task The_streaming_writer_writes_what_the_reader_reads()
    {
        using var temp = new TempFolder();
        var records = Enumerable.Range(0, 500)
            .Select(i => new RequestRecord { Id = i, ScheduledMs = i * 10.5, StartedMs = i * 10.5 + 1, EndedMs = i * 10.5 + 700, Model = "m", Workload = "w", Api = "converse", Outcome = Outcomes.Ok, Attempts = 1, InputTokens = i })
            .ToList();

        await using (var writer = temp.Folder.OpenRequestsWriter())
        {
            foreach (var r in records)
            {
                writer.Write(r);
            }
        }

        Assert.Equal(records, temp.Folder.ReadRequests().ToList());
    }

    [Fact]
    public void Timeseries_round_trips_including_the_per_minute_columns()
    {
        using var temp = new TempFolder();
        TimeseriesRow[] rows =
        [
            new() { Second = 0, Phase = 0, Offered = 4, Started = 4, Ok = 3, Failed = 1, InFlight = 2, QuotaTokens = 10_800, InputTokens = 4800, OutputTokens = 1200, LatencyP50Ms = 812.5, LatencyP95Ms = 1400.125, LatencyP99Ms = 1800, TtftP50Ms = 280.75, TtftP95Ms = 450, QuotaTpm = 648_000, Rpm = 240 },
            new() { Second = 1, Phase = 1, Offered = 0, QuotaTpm = 648_000.5, Rpm = 0 },
        ];

        temp.Folder.WriteTimeseries(rows);

        Assert.Equal(rows, temp.Folder.ReadTimeseries());
        Assert.Equal(TimeseriesCsv.Header, File.ReadLines(temp.Folder.Timeseries).First());
    }

    [Fact]
    public void Empty_files_with_their_headers_read_as_empty()
    {
        using var temp = new TempFolder();
        RequestsCsv.Write(temp.Folder.Requests, []);
        temp.Folder.WriteTimeseries([]);

        Assert.Equal(RequestsCsv.Header + "\n", File.ReadAllText(temp.Folder.Requests));
        Assert.Empty(temp.Folder.ReadRequests());
        Assert.Empty(temp.Folder.ReadTimeseries()!);
    }

    [Fact]
    public void A_folder_without_a_per_second_file_reads_as_none()
    {
        using var temp = new TempFolder();

        Assert.Null(temp.Folder.ReadTimeseries());
    }

    [Fact]
    public void Times_are_stored_to_the_microsecond()
    {
        using var temp = new TempFolder();
        RequestsCsv.Write(temp.Folder.Requests, [new RequestRecord { Id = 1, ScheduledMs = 1.23456789, Outcome = Outcomes.Dropped }]);

        Assert.Equal(1.235, Assert.Single(temp.Folder.ReadRequests()).ScheduledMs);
    }
}
