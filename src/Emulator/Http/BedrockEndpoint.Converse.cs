using System.Buffers;
using System.Globalization;
using LoadTest.Core.Models;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Pacing;

namespace LoadTest.Emulator.Http;

/// <summary>Converse and ConverseStream.</summary>
internal sealed partial class BedrockEndpoint
{
    /// <summary>Parses and validates a Converse body; returns a ValidationException message or null.</summary>
    private async Task<string?> ReadConverseAsync(Invocation inv)
    {
        var request = await ReadJsonAsync(inv.Http, BedrockJsonContext.Default.ConverseRequest);
        if (request is null)
        {
            return "Malformed input request: the body must be a JSON object, please reformat your input and try again.";
        }

        var invalid = ValidateConverse(request.Messages, inv.Model.MaxOutputTokens, request.InferenceConfig?.MaxTokens);
        if (invalid is not null)
        {
            return invalid;
        }

        inv.MaxTokens = request.InferenceConfig?.MaxTokens ?? Math.Min(_options.DefaultMaxTokens, inv.Model.MaxOutputTokens);
        ScanConverse(inv.Scan, request.System, request.Messages);
        inv.Scan.Steer(OutputSteering.FromMetadata(request.RequestMetadata));
        return null;
    }

    private static string? ValidateConverse(List<Message>? messages, int modelMaxOutput, int? maxTokens)
    {
        if (messages is null || messages.Count == 0)
        {
            return "The request has no messages. A conversation must start with a user message. Try again with at least one message.";
        }

        if (maxTokens is < 1)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"1 validation error detected: Value '{maxTokens}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }

        if (maxTokens > modelMaxOutput)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The maximum tokens you requested exceeds the model limit of {modelMaxOutput}. Try again with a maximum tokens value that is lower than {modelMaxOutput}.");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var role = m.Role;
            if (role is not ("user" or "assistant"))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"1 validation error detected: Value '{role}' at 'messages.{i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
            }

            if (i == 0 && role != "user")
            {
                return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
            }

            if (i > 0 && role == messages[i - 1].Role)
            {
                return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
            }

            if (m.Content is null || m.Content.Count == 0)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again.");
            }
        }

        return null;
    }

    private static void ScanConverse(Caching.PromptScan scan, List<SystemContentBlock>? system, List<Message>? messages)
    {
        scan.Hashing = HasCachePoint(system, messages);
        if (system is not null)
        {
            scan.AddBoundary('s');
            foreach (var block in system)
            {
                scan.AddText(block.Text);
                if (block.CachePoint is not null)
                {
                    scan.CachePoint();
                }
            }
        }

        if (messages is null)
        {
            return;
        }

        foreach (var message in messages)
        {
            scan.AddBoundary(message.Role is "assistant" ? 'a' : 'u');
            if (message.Content is null)
            {
                continue;
            }

            foreach (var block in message.Content)
            {
                scan.AddText(block.Text);
                if (block.CachePoint is not null)
                {
                    scan.CachePoint();
                }
            }
        }
    }

    private static bool HasCachePoint(List<SystemContentBlock>? system, List<Message>? messages)
    {
        if (system is not null)
        {
            foreach (var block in system)
            {
                if (block.CachePoint is not null)
                {
                    return true;
                }
            }
        }

        if (messages is not null)
        {
            foreach (var message in messages)
            {
                if (message.Content is null)
                {
                    continue;
                }

                foreach (var block in message.Content)
                {
                    if (block.CachePoint is not null)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private TokenUsage Usage(Invocation inv) => new()
    {
        InputTokens = (int)inv.InputTokens,
        OutputTokens = inv.OutputSent,
        TotalTokens = (int)(inv.InputTokens + inv.OutputSent + inv.Cache.ReadTokens + inv.Cache.WriteTokens),
        CacheReadInputTokens = inv.CacheUsed ? (int)inv.Cache.ReadTokens : null,
        CacheWriteInputTokens = inv.CacheUsed ? (int)inv.Cache.WriteTokens : null,
    };

    /// <summary>
    /// The wait of a non-streaming answer, to absolute deadlines from arrival: the slow-first-byte
    /// fault, a reset (the outcome to return), then first token + generation + stall; after it the
    /// whole output counts as sent.
    /// </summary>
    private async Task<(int Status, string? ErrorCode)?> AwaitWholeAnswerAsync(Invocation inv)
    {
        var faults = inv.Faults;
        await WaitUntilAsync(inv, faults.SlowFirstByte);
        if (faults.Reset)
        {
            inv.Http.Abort();
            return (499, "ConnectionReset");
        }

        await WaitUntilAsync(inv, faults.SlowFirstByte + inv.FirstToken + _latency.Generation(inv.Model, inv.OutputTokens) + faults.Stall);
        inv.OutputSent = inv.OutputTokens;
        return null;
    }

    private async Task<(int Status, string? ErrorCode)> AnswerConverseAsync(Invocation inv)
    {
        if (await AwaitWholeAnswerAsync(inv) is { } reset)
        {
            return reset;
        }

        var response = new ConverseResponse
        {
            Output = new ConverseOutput
            {
                Message = new Message { Role = "assistant", Content = [ContentBlock.FromText(SyntheticText.Tokens(inv.OutputTokens))] },
            },
            StopReason = inv.StopReason,
            Usage = Usage(inv),
            Metrics = new ConverseMetrics { LatencyMs = ElapsedMs(inv.StartTimestamp) },
        };
        SetSuccessHeaders(inv, "application/json");
        await WriteJsonAsync(inv.Http, response, BedrockJsonContext.Default.ConverseResponse);
        inv.HeadersTimestamp = _clock.Timestamp;
        return (200, null);
    }

    private async Task<(int Status, string? ErrorCode)> StreamConverseAsync(Invocation inv)
    {
        var http = inv.Http;
        var ct = http.RequestAborted;
        await WaitUntilAsync(inv, inv.Faults.SlowFirstByte);
        SetSuccessHeaders(inv, EventStreamFrames.ContentType);
        var body = http.Response.BodyWriter;
        body.Write(EventStreamFrames.Event("messageStart", new MessageStartEvent { Role = "assistant" }, BedrockJsonContext.Default.MessageStartEvent));
        await body.FlushAsync(ct);
        inv.HeadersTimestamp = _clock.Timestamp;

        var interrupted = await StreamDeltasAsync(inv, _converseDeltas, prelude: null);
        if (interrupted is { } outcome)
        {
            return outcome;
        }

        body.Write(EventStreamFrames.Event("contentBlockStop", new ContentBlockStopEvent { ContentBlockIndex = 0 }, BedrockJsonContext.Default.ContentBlockStopEvent));
        body.Write(EventStreamFrames.Event("messageStop", new MessageStopEvent { StopReason = inv.StopReason }, BedrockJsonContext.Default.MessageStopEvent));
        var metadata = new ConverseStreamMetadataEvent { Usage = Usage(inv), Metrics = new ConverseMetrics { LatencyMs = ElapsedMs(inv.StartTimestamp) } };
        body.Write(EventStreamFrames.Event("metadata", metadata, BedrockJsonContext.Default.ConverseStreamMetadataEvent));
        await body.FlushAsync(ct);
        return (200, null);
    }

    private static byte[] ConverseDeltaFrame(string text)
        => EventStreamFrames.Event("contentBlockDelta", new ContentBlockDeltaEvent { ContentBlockIndex = 0, Delta = new ContentBlockDelta { Text = text } }, BedrockJsonContext.Default.ContentBlockDeltaEvent);

    /// <summary>
    /// Writes the output as deltas of <c>TokensPerStreamDelta</c> tokens, each at its absolute
    /// deadline (<see cref="DeltaSchedule"/>: arrival + slow first byte + first token + k x the
    /// delta's generation time), and applies the stream faults once halfway through (a stall shifts
    /// the deadlines after it). Deltas already due when a request wakes (a late wake under load, or
    /// no modelled latency) go out together in one flush. Records every delta's lateness, and its
    /// times when a timing log is kept. Shared by ConverseStream and InvokeModelWithResponseStream,
    /// which differ only in the delta frames and what precedes the first one. Returns the outcome
    /// when a fault ended the stream, null when every token was sent.
    /// </summary>
    private async Task<(int Status, string? ErrorCode)?> StreamDeltasAsync(Invocation inv, DeltaFrames frames, byte[]? prelude)
    {
        var faults = inv.Faults;
        var ct = inv.Http.RequestAborted;
        var body = inv.Http.Response.BodyWriter;
        var chunk = Math.Max(1, _options.TokensPerStreamDelta);
        var count = (inv.OutputTokens + chunk - 1) / chunk;
        var faultAt = StreamFaultPending(faults) ? ((inv.OutputTokens / 2) + chunk - 1) / chunk : -1;
        var perDelta = _latency.Generation(inv.Model, chunk).TotalSeconds * _clock.Time.TimestampFrequency;
        var schedule = new DeltaSchedule(inv.StartTimestamp + _clock.TicksOf(faults.SlowFirstByte + inv.FirstToken), perDelta, faultAt, _clock.TicksOf(faults.Stall));
        if (_timing is not null)
        {
            inv.DueUs = new long[count];
            inv.WrittenUs = new long[count];
        }

        var k = 0;
        while (k < count)
        {
            await _pacer.WaitUntilAsync(inv.Waiter!, schedule.Due(k), ct);
            if (k == 0 && prelude is not null)
            {
                body.Write(prelude);
            }

            if (k == faultAt && await InterruptAsync(inv) is { } outcome)
            {
                return outcome;
            }

            var first = k;
            var now = _clock.Timestamp;
            do
            {
                var n = Math.Min(chunk, inv.OutputTokens - inv.OutputSent);
                body.Write(frames.Get(n, inv.OutputSent));
                inv.OutputSent += n;
                k++;
            }
            while (k < count && k != faultAt && schedule.Due(k) <= now);

            await body.FlushAsync(ct);
            RecordWritten(inv, schedule, first, k);
        }

        return null;
    }

    /// <summary>Lateness of deltas [first, end), all written by the flush that just returned.</summary>
    private void RecordWritten(Invocation inv, DeltaSchedule schedule, int first, int end)
    {
        var written = _clock.Timestamp;
        if (first == 0)
        {
            inv.FirstDeltaTimestamp = written;
        }

        var start = inv.StartTimestamp;
        for (var i = first; i < end; i++)
        {
            var due = schedule.Due(i);
            _lateness.Record(i == 0, _clock.Micros(written - due));
            if (inv.DueUs is { } dueUs && inv.WrittenUs is { } writtenUs)
            {
                dueUs[i] = _clock.Micros(due - start);
                writtenUs[i] = _clock.Micros(written - start);
            }
        }

        inv.Deltas = end;
    }

    private static bool StreamFaultPending(FaultPlan faults)
        => faults.MidStreamException is not null || faults.Reset || faults.Stall > TimeSpan.Zero;

    /// <summary>
    /// Applies the reset and mid-stream faults once, halfway through (a stall is already in the
    /// deadlines): a reset drops the connection, a mid-stream fault sends an exception event and
    /// ends the stream. Returns the outcome when the stream must end, null to carry on.
    /// </summary>
    private async Task<(int Status, string? ErrorCode)?> InterruptAsync(Invocation inv)
    {
        var faults = inv.Faults;
        var body = inv.Http.Response.BodyWriter;
        var ct = inv.Http.RequestAborted;
        await body.FlushAsync(ct);
        if (faults.Reset)
        {
            inv.Http.Abort();
            return (499, "ConnectionReset");
        }

        if (faults.MidStreamException is { } type)
        {
            body.Write(EventStreamFrames.Exception(type, BedrockErrors.MessageFor(type)));
            await body.FlushAsync(ct);
            var pascal = char.ToUpperInvariant(type[0]) + type[1..];
            return (BedrockErrors.Status(pascal), pascal);
        }

        return null;
    }
}
