using System.Text.Json;
using LoadTest.Emulator.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// The emulator keeps time: stream deltas are due at absolute deadlines from the request's arrival,
/// their lateness is measured, and the timing log records both per request.
/// </summary>
public sealed class PacingTests : IDisposable
{
    private static readonly string Paced = TestEmulator.Paced(ttft: "100ms", prefillPer1kTokens: "0ms", outputTokensPerSecond: 100);

    private readonly TempDirectory _dir = new("loadtest-pacing-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Deltas_stay_on_their_deadlines_however_unevenly_the_clock_moves()
    {
        var clock = new FakeTimeProvider();
        var timingLog = _dir.File("timing.jsonl");
        BedrockHttp.Reply reply;
        EmulatorLateness lateness;
        await using (var emu = await TestEmulator.StartAsync(Paced, o => o with { TimeProvider = clock, TimingLog = timingLog, TokensPerStreamDelta = 1, EnforceQuotas = false }))
        {
            var pending = BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse-stream", BedrockHttp.ConverseBody(outputTokens: 20));
            await QuotaHttpTests.WaitUntilAsync(() => emu.InFlight(TestEmulator.Haiku) == 1);
            await Task.Delay(100); // let the request reach its first deadline on the fake clock

            // Steps that never line up with the 10 ms gap, some longer than several gaps.
            int[] stepsMs = [3, 17, 7, 41, 1, 13, 29, 5];
            for (var i = 0; i < 400 && !pending.IsCompleted; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(stepsMs[i % stepsMs.Length]));
                await Task.WhenAny(pending, Task.Delay(20));
            }

            reply = await pending.WaitAsync(TimeSpan.FromSeconds(10));
            lateness = emu.Lateness;
        }

        Assert.Equal(200, reply.Status);
        Assert.Equal(20, BedrockHttp.Frames(reply.Body).Count(f => f.Kind == "contentBlockDelta"));
        var line = Lines(timingLog).Single(l => l.TryGetProperty("requestId", out _));
        Assert.Equal(reply.Header("x-amzn-RequestId"), line.GetProperty("requestId").GetString());
        Assert.Equal("ConverseStream", line.GetProperty("operation").GetString());
        Assert.Equal(0, line.GetProperty("headersUs").GetInt64());
        var due = Longs(line, "dueUs");
        var written = Longs(line, "writtenUs");

        // 100 ms to the first token, then one every 10 ms: exactly, whatever the steps were.
        Assert.Equal(Enumerable.Range(0, 20).Select(k => 100_000L + (k * 10_000L)), due);
        Assert.Equal(20, written.Length);
        for (var k = 0; k < 20; k++)
        {
            // Written once the clock passed the deadline, and no later than the step that passed it.
            Assert.InRange(written[k] - due[k], 0, 41_000);
        }

        Assert.Equal(20, lateness.Delta.Count);
        Assert.Equal(1, lateness.FirstDelta.Count);
        Assert.True(lateness.Delta.Max > TimeSpan.Zero, "uneven steps must show up as lateness");
        Assert.InRange(lateness.Delta.Max, lateness.Delta.P50, TimeSpan.FromMilliseconds(41.1));
    }

    [Fact]
    public void A_stall_shifts_only_the_deadlines_after_it()
    {
        // k x 10.5 rounded (to even), plus 500 from delta 3 on: never the previous due + 10.5.
        var schedule = new DeltaSchedule(Origin: 1_000, TicksPerDelta: 10.5, ShiftFrom: 3, Shift: 500);
        Assert.Equal([1_000, 1_010, 1_021, 1_532, 1_542], Enumerable.Range(0, 5).Select(schedule.Due));
        var unshifted = schedule with { ShiftFrom = -1 };
        Assert.Equal(1_042, unshifted.Due(4));
    }

    [Fact]
    public async Task The_timing_log_has_a_line_per_request_with_the_id_the_client_saw_and_no_prompt_text()
    {
        const string prompt = "a secret prompt that must not be logged";
        var timingLog = _dir.File("nested", "timing.jsonl");
        var replies = new List<(string Operation, BedrockHttp.Reply Reply)>();
        await using (var emu = await TestEmulator.StartAsync(TestEmulator.Instant, o => o with { TimingLog = timingLog, TokensPerStreamDelta = 3 }))
        {
            replies.Add(("Converse", await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(prompt, outputTokens: 7))));
            replies.Add(("ConverseStream", await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse-stream", BedrockHttp.ConverseBody(prompt, outputTokens: 7))));
            replies.Add(("InvokeModelWithResponseStream", await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "invoke-with-response-stream", BedrockHttp.AnthropicBody(prompt, outputTokens: 7))));
            replies.Add(("Converse", await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(prompt, maxTokens: 0))));
        }

        Assert.DoesNotContain(prompt, await File.ReadAllTextAsync(timingLog), StringComparison.Ordinal);
        var lines = Lines(timingLog);
        var requests = lines.Where(l => l.TryGetProperty("requestId", out _)).ToDictionary(l => l.GetProperty("requestId").GetString()!);
        Assert.Equal(replies.Count, requests.Count);
        foreach (var (operation, reply) in replies)
        {
            var line = requests[reply.Header("x-amzn-RequestId")!];
            Assert.Equal(operation, line.GetProperty("operation").GetString());
            Assert.Equal(TestEmulator.Haiku, line.GetProperty("modelId").GetString());
            Assert.Equal(reply.Status, line.GetProperty("status").GetInt32());
            Assert.True(line.GetProperty("arrivedUs").GetInt64() > 0);
            Assert.True(line.GetProperty("headersUs").GetInt64() >= 0);
            var streamed = operation.EndsWith("Stream", StringComparison.Ordinal);
            Assert.Equal(streamed, line.TryGetProperty("dueUs", out _));
            if (streamed)
            {
                // 7 tokens in deltas of 3: 3 + 3 + 1, each written at or after its deadline.
                var due = Longs(line, "dueUs");
                var written = Longs(line, "writtenUs");
                Assert.Equal(3, due.Length);
                Assert.Equal(3, written.Length);
                Assert.All(due.Zip(written), p => Assert.True(p.Second >= p.First));
            }
        }

        Assert.Equal(400, replies[^1].Reply.Status);
        Assert.Equal("ValidationException", requests[replies[^1].Reply.Header("x-amzn-RequestId")!].GetProperty("errorCode").GetString());

        // The log ends with the same lateness summary the CLI prints.
        var summary = lines[^1].GetProperty("summary");
        Assert.Equal(6, summary.GetProperty("deltaLatenessUs").GetProperty("count").GetInt64());
        Assert.Equal(2, summary.GetProperty("firstDeltaLatenessUs").GetProperty("count").GetInt64());
        Assert.Equal(0, summary.GetProperty("droppedRecords").GetInt64());
    }

    [Fact]
    public async Task A_timing_log_that_cannot_be_written_is_a_settings_error_naming_it()
    {
        Directory.CreateDirectory(_dir.Path);
        var notADirectory = _dir.File("file");
        await File.WriteAllTextAsync(notADirectory, "");
        var path = Path.Combine(notADirectory, "timing.jsonl");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => TestEmulator.StartAsync(TestEmulator.Instant, o => o with { TimingLog = path }));
        Assert.Contains($"timingLog '{path}' cannot be written", e.Message, StringComparison.Ordinal);
    }

    private static List<JsonElement> Lines(string path)
        => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static long[] Longs(JsonElement line, string name)
        => line.GetProperty(name).EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
