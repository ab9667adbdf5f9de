using System.Text;
using System.Text.Json;
using LoadTest.Bedrock.Client;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class StreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ConverseStream_delivers_the_first_event_before_the_server_has_finished()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Wire.StartStream(ctx, requestId: "rid-stream", region: "eu-north-1");
            var frames = Wire.ConverseEvents("Hel", "lo", "!").ToList();
            await Wire.Send(ctx, frames[0]);
            await release.Task.WaitAsync(Patience);
            foreach (var frame in frames.Skip(1))
            {
                await Wire.Send(ctx, frame);
            }

            serverDone.TrySetResult();
        });
        using var client = TestClients.For(server);

        await using var stream = await client.ConverseStreamAsync(TestClients.GlobalSonnet, TestClients.Hello());
        var events = new List<ConverseStreamEvent>();
        await foreach (var e in stream.Events())
        {
            if (events.Count == 0)
            {
                // The server is parked until we let it go: this event was decoded from a partial body.
                Assert.False(serverDone.Task.IsCompleted);
                Assert.NotNull(e.MessageStart);
                Assert.Null(stream.Report.TimeToFirstToken);
                release.SetResult();
            }

            events.Add(e);
        }

        Assert.Equal(8, events.Count);
        Assert.Equal("Hello!", string.Concat(events.Select(e => e.ContentBlockDelta?.Delta.Text)));
        var report = stream.Report;
        Assert.Equal(8, report.EventCount);
        Assert.Equal("end_turn", report.StopReason);
        Assert.Equal(7, report.Usage!.OutputTokens);
        Assert.Equal(3, report.Usage.CacheReadInputTokens);
        Assert.Equal("rid-stream", report.RequestId);
        Assert.Equal("eu-north-1", report.InferenceRegion);
        Assert.True(report.TimeToFirstByte <= report.TimeToFirstToken);
        Assert.True(report.TimeToFirstToken <= report.Duration);
        Assert.Equal(1, report.AttemptCount);
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_yields_decoded_chunks_incrementally_and_reads_invocation_metrics()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] anthropicEvents =
        [
            """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":25,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":2}}""",
            """{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":25,"outputTokenCount":2,"invocationLatency":120,"firstByteLatency":40,"cacheReadInputTokenCount":8}}""",
        ];
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Wire.StartStream(ctx);
            await Wire.Send(ctx, Wire.Chunk(anthropicEvents[0]));
            await release.Task.WaitAsync(Patience);
            foreach (var e in anthropicEvents.Skip(1))
            {
                await Wire.Send(ctx, Wire.Chunk(e));
            }

            serverDone.TrySetResult();
        });
        using var client = TestClients.For(server);
        var body = Encoding.UTF8.GetBytes("""{"anthropic_version":"bedrock-2023-05-31","max_tokens":2,"messages":[{"role":"user","content":"hi"}]}""");

        await using var stream = await client.InvokeModelWithResponseStreamAsync(TestClients.ApplicationProfileArn, body, accept: "application/json");
        var received = new List<string>();
        await foreach (var e in stream.Events())
        {
            if (received.Count == 0)
            {
                Assert.False(serverDone.Task.IsCompleted);
                release.SetResult();
            }

            received.Add(Encoding.UTF8.GetString(e.Bytes.Span));
        }

        Assert.Equal(anthropicEvents, received);
        var seen = Assert.Single(server.Requests);
        Assert.Equal("invoke-with-response-stream", seen.Operation);
        Assert.Equal(TestClients.ApplicationProfileArn, seen.ModelId);
        Assert.Equal("application/json", seen.Headers["X-Amzn-Bedrock-Accept"]);
        var report = stream.Report;
        Assert.Equal(25, report.Usage!.InputTokens);
        Assert.Equal(2, report.Usage.OutputTokens);
        Assert.Equal(8, report.Usage.CacheReadInputTokens);
        Assert.Equal("max_tokens", report.StopReason);
        Assert.Equal(7, report.EventCount);
        Assert.NotNull(report.TimeToFirstToken);
        Assert.NotNull(report.Duration);
    }

    [Fact]
    public async Task A_throttling_exception_mid_stream_is_a_typed_throttle_with_what_was_received()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Wire.StartStream(ctx, requestId: "rid-mid");
            foreach (var frame in Wire.ConverseEvents("a", "b", "c").Take(4))
            {
                await Wire.Send(ctx, frame);
            }

            await Wire.Send(ctx, Wire.Exception("throttlingException", "Too many tokens, please wait before trying again."));
        });
        using var client = TestClients.For(server);

        await using var stream = await client.ConverseStreamAsync(TestClients.GlobalSonnet, TestClients.Hello());
        var received = 0;
        var e = await Assert.ThrowsAsync<BedrockServiceException>(async () =>
        {
            await foreach (var _ in stream.Events())
            {
                received++;
            }
        });

        Assert.Equal(4, received);
        Assert.Equal("ThrottlingException", e.ErrorCode);
        Assert.True(e.IsThrottle);
        Assert.True(e.MidStream);
        Assert.Equal(2, e.OutputTokensSoFar);
        Assert.Equal("rid-mid", e.RequestId);
        Assert.Equal("ConverseStream", e.Operation);
        Assert.Contains("Too many tokens", e.ServiceMessage, StringComparison.Ordinal);
        Assert.Same(stream.Report, e.Report);
        Assert.Equal(4, e.Report.EventCount);
        Assert.NotNull(e.Report.Duration);
    }

    [Fact]
    public async Task A_model_stream_error_in_an_invoke_stream_is_typed_and_not_a_throttle()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Wire.StartStream(ctx);
            await Wire.Send(ctx, Wire.Chunk("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}"""));
            await Wire.Send(ctx, Wire.Exception("modelStreamErrorException", "The model stream failed."));
        });
        using var client = TestClients.For(server);

        await using var stream = await client.InvokeModelWithResponseStreamAsync(TestClients.GlobalSonnet, "{}"u8.ToArray());
        var e = await Assert.ThrowsAsync<BedrockServiceException>(async () =>
        {
            await foreach (var _ in stream.Events())
            {
            }
        });

        Assert.Equal("ModelStreamErrorException", e.ErrorCode);
        Assert.False(e.IsThrottle);
        Assert.True(e.MidStream);
        Assert.Equal(1, e.OutputTokensSoFar);
    }

    [Theory]
    [InlineData(7)]   // inside the prelude CRC
    [InlineData(-1)]  // the message CRC at the end of the frame
    [InlineData(20)]  // a header byte, caught by the message CRC
    public async Task A_corrupt_frame_is_a_typed_event_stream_error(int corruptAt)
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Wire.StartStream(ctx);
            var frames = Wire.ConverseEvents("a").ToList();
            await Wire.Send(ctx, frames[0]);
            var bad = frames[1].ToArray();
            var index = corruptAt < 0 ? bad.Length + corruptAt : corruptAt;
            bad[index] ^= 0x5A;
            await Wire.Send(ctx, bad);
            await Wire.Send(ctx, frames[2]);
        });
        using var client = TestClients.For(server);

        await using var stream = await client.ConverseStreamAsync(TestClients.GlobalSonnet, TestClients.Hello());
        var received = 0;
        var e = await Assert.ThrowsAsync<BedrockServiceException>(async () =>
        {
            await foreach (var _ in stream.Events())
            {
                received++;
            }
        });

        Assert.Equal(1, received);
        Assert.Equal("EventStreamCorrupt", e.ErrorCode);
        Assert.Null(e.StatusCode);
        Assert.False(e.IsThrottle);
    }

    [Fact]
    public async Task A_stream_cut_inside_a_frame_is_a_connection_error_not_a_clean_end()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Wire.StartStream(ctx);
            var frames = Wire.ConverseEvents("a").ToList();
            await Wire.Send(ctx, frames[0]);
            await Wire.Send(ctx, frames[1].AsSpan(0, 10).ToArray());
        });
        using var client = TestClients.For(server);

        await using var stream = await client.ConverseStreamAsync(TestClients.GlobalSonnet, TestClients.Hello());
        var e = await Assert.ThrowsAsync<BedrockServiceException>(async () =>
        {
            await foreach (var _ in stream.Events())
            {
            }
        });

        Assert.Equal("ConnectionError", e.ErrorCode);
        Assert.True(e.MidStream);
    }

    [Fact]
    public async Task A_stalled_stream_times_out_with_a_typed_error()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Wire.StartStream(ctx);
            await Wire.Send(ctx, Wire.ConverseEvents("a").First());
            await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var client = TestClients.For(server, timeout: TimeSpan.FromMilliseconds(500));

        await using var stream = await client.ConverseStreamAsync(TestClients.GlobalSonnet, TestClients.Hello());
        var e = await Assert.ThrowsAsync<BedrockServiceException>(async () =>
        {
            await foreach (var _ in stream.Events())
            {
            }
        });

        Assert.Equal("Timeout", e.ErrorCode);
        Assert.Null(e.StatusCode);
        Assert.Equal(1, e.Report.EventCount);
    }

    [Fact]
    public async Task An_http_error_before_the_stream_starts_is_retried_like_any_call()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again.");
                return;
            }

            await Wire.StartStream(ctx);
            foreach (var frame in Wire.ConverseEvents("ok"))
            {
                await Wire.Send(ctx, frame);
            }
        });
        using var client = TestClients.For(server);

        await using var stream = await client.ConverseStreamAsync(TestClients.GlobalSonnet, TestClients.Hello());
        var texts = new StringBuilder();
        await foreach (var e in stream.Events())
        {
            texts.Append(e.ContentBlockDelta?.Delta.Text);
        }

        Assert.Equal("ok", texts.ToString());
        Assert.Equal([429, 200], stream.Report.Attempts.Select(a => a.StatusCode));
        _ = JsonSerializer.Serialize(stream.Report.Usage);
    }
}
