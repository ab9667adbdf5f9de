using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace LoadTest.Emulator.Tests;

/// <summary>Faults on demand: error rates, mid-stream exceptions, broken frames, resets, stalls and slow first bytes.</summary>
public sealed class FaultTests
{
    private static string Yaml(string faults) => $$"""
        models:
          - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
            tpm: 1000000000
            rpm: 1000000
        emulator:
          latencyScale: 0
          faults:
        {{faults}}
        """;

    [Fact]
    public async Task An_error_fault_at_rate_one_answers_every_request_with_that_error()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml("    - { error: ServiceUnavailableException, rate: 1 }"));
        var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());
        Assert.Equal(503, r.Status);
        Assert.Equal("ServiceUnavailableException", r.Header("x-amzn-ErrorType"));
        Assert.False(string.IsNullOrEmpty(r.Json.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_error_fault_hits_about_its_rate_and_only_its_model()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml("""
                - { error: InternalServerException, rate: 0.3, model: global.anthropic.claude-haiku-4-5-20251001-v1:0 }
            """));
        var failures = 0;
        for (var i = 0; i < 300; i++)
        {
            var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(outputTokens: 1));
            if (r.Status == 500)
            {
                Assert.Equal("InternalServerException", r.Header("x-amzn-ErrorType"));
                failures++;
            }
        }

        Assert.InRange(failures, 50, 130);
        var other = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.HaikuBase, "converse", BedrockHttp.ConverseBody(outputTokens: 1));
        Assert.Equal(200, other.Status);
    }

    [Theory]
    [InlineData("converse-stream")]
    [InlineData("invoke-with-response-stream")]
    public async Task A_mid_stream_fault_sends_an_exception_event_after_some_output(string operation)
    {
        await using var emu = await TestEmulator.StartAsync(Yaml("    - { midStream: throttlingException, rate: 1 }"));
        var body = operation == "converse-stream" ? BedrockHttp.ConverseBody(outputTokens: 40) : BedrockHttp.AnthropicBody(outputTokens: 40);
        var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, operation, body);
        Assert.Equal(200, r.Status);
        var frames = BedrockHttp.Frames(r.Body);
        var last = frames[^1];
        Assert.True(last.IsException);
        Assert.Equal("throttlingException", last.Headers[":exception-type"]);
        Assert.Equal("Too many requests, please wait before trying again.", last.Json.GetProperty("message").GetString());
        Assert.True(frames.Count(f => !f.IsException) > 2, "some output came before the exception");
        Assert.DoesNotContain(frames, f => f.Kind is "metadata" or "chunk" && f.Payload.Length > 0 && IsMessageStop(f));
    }

    [Theory]
    [InlineData("converse-stream")]
    [InlineData("invoke-with-response-stream")]
    public async Task A_truncate_frame_fault_ends_the_body_inside_a_frame_after_some_output(string operation)
    {
        await using var emu = await TestEmulator.StartAsync(Yaml("    - { truncateFrame: true, rate: 1 }"));
        var body = operation == "converse-stream" ? BedrockHttp.ConverseBody(outputTokens: 40) : BedrockHttp.AnthropicBody(outputTokens: 40);
        var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, operation, body);
        Assert.Equal(200, r.Status);
        var whole = WholeFrames(r.Body);
        Assert.True(whole < r.Body.Length, "the body ends inside a frame");
        var frames = BedrockHttp.Frames(r.Body[..whole]);
        Assert.True(frames.Count > 2, "some output came before the broken frame");
        Assert.DoesNotContain(frames, f => f.IsException);
    }

    [Theory]
    [InlineData("converse-stream")]
    [InlineData("invoke-with-response-stream")]
    public async Task A_corrupt_crc_fault_sends_one_frame_whose_message_crc_fails_and_ends_the_body(string operation)
    {
        await using var emu = await TestEmulator.StartAsync(Yaml("    - { corruptCrc: true, rate: 1 }"));
        var body = operation == "converse-stream" ? BedrockHttp.ConverseBody(outputTokens: 40) : BedrockHttp.AnthropicBody(outputTokens: 40);
        var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, operation, body);
        Assert.Equal(200, r.Status);
        Assert.Equal(r.Body.Length, WholeFrames(r.Body));
        var lastStart = LastFrameStart(r.Body);
        Assert.True(BedrockHttp.Frames(r.Body[..lastStart]).Count > 2, "some intact output came before the corrupt frame");
        Assert.ThrowsAny<Exception>(() => BedrockHttp.Frames(r.Body[lastStart..]));
    }

    /// <summary>Bytes covered by whole frames (by their length prefixes) from the start of the body.</summary>
    private static int WholeFrames(byte[] body)
    {
        var offset = 0;
        while (body.Length - offset >= 4)
        {
            var total = (body[offset] << 24) | (body[offset + 1] << 16) | (body[offset + 2] << 8) | body[offset + 3];
            if (offset + total > body.Length)
            {
                break;
            }

            offset += total;
        }

        return offset;
    }

    private static int LastFrameStart(byte[] body)
    {
        var offset = 0;
        var last = 0;
        while (offset < body.Length)
        {
            last = offset;
            offset += (body[offset] << 24) | (body[offset + 1] << 16) | (body[offset + 2] << 8) | body[offset + 3];
        }

        return last;
    }

    [Fact]
    public async Task A_reset_fault_drops_the_connection_without_a_response()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml("    - { reset: true, rate: 1 }"));
        await Assert.ThrowsAsync<HttpRequestException>(() => BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody()));
        var streamed = await Record.ExceptionAsync(async () =>
        {
            var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse-stream", BedrockHttp.ConverseBody(outputTokens: 40));
            Assert.DoesNotContain(BedrockHttp.Frames(r.Body), f => f.Kind == "metadata");
        });
        Assert.True(streamed is HttpRequestException or IOException, $"expected the stream to break, got {streamed?.GetType().Name ?? "a full response"}");
    }

    [Fact]
    public async Task Slow_first_byte_and_stall_hold_the_response_until_that_much_time_has_passed()
    {
        var clock = new FakeTimeProvider();
        await using var emu = await TestEmulator.StartAsync(
            Yaml("    - { slowFirstByte: 3s, rate: 1 }\n    - { stall: 2s, rate: 1 }"),
            o => o with { TimeProvider = clock });
        var pending = BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(outputTokens: 4));
        await QuotaHttpTests.WaitUntilAsync(() => emu.InFlight(TestEmulator.Haiku) == 1);
        await Task.Delay(100); // let the request reach its timer on the fake clock
        clock.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(100);
        Assert.False(pending.IsCompleted, "answered before the slow first byte elapsed");
        clock.Advance(TimeSpan.FromSeconds(0.2)); // first byte due; the 2 s stall now starts
        await Task.Delay(100);
        Assert.False(pending.IsCompleted, "answered before the stall elapsed");
        var r = await QuotaHttpTests.AdvanceUntilDoneAsync(clock, pending, TimeSpan.FromSeconds(2));
        Assert.Equal(200, r.Status);
    }

    private static bool IsMessageStop(BedrockHttp.Frame frame)
    {
        if (frame.Kind == "metadata")
        {
            return true;
        }

        var bytes = Convert.FromBase64String(frame.Json.GetProperty("bytes").GetString()!);
        return JsonDocument.Parse(bytes).RootElement.GetProperty("type").GetString() == "message_stop";
    }
}
