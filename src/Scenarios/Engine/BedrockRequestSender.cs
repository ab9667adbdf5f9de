using System.Text.Json;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Scenarios.Config;
using LoadTest.Scenarios.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Sends planned requests through the real <see cref="BedrockRuntimeClient"/> (one client shared by
/// every virtual user of the target): builds the synthetic prompt, reads streams to the end, times
/// first token and inter-token gaps, and turns failures into outcomes.
/// </summary>
public sealed class BedrockRequestSender : IRequestSender
{
    private readonly BedrockRuntimeClient _client;
    private readonly TargetKind _kind;
    private readonly TimeProvider _time;

    public BedrockRequestSender(BedrockRuntimeClient client, TargetKind kind, TimeProvider? timeProvider = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _kind = kind;
        _time = timeProvider ?? TimeProvider.System;
    }

    public async Task<SendResult> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Workload.Model;
        var start = _time.GetTimestamp();
        var streamed = new StreamTally(_time, start);
        try
        {
            switch (request.Workload.Api)
            {
                case ApiKind.Converse:
                {
                    var r = await _client.ConverseAsync(model, SyntheticPrompt.Converse(request, _kind), cancellationToken);
                    return Success(r.Report, r.Response.Usage, null);
                }

                case ApiKind.ConverseStream:
                {
                    var stream = await _client.ConverseStreamAsync(model, SyntheticPrompt.Converse(request, _kind), cancellationToken);
                    await using (stream)
                    {
                        TokenUsage? usage = null;
                        await foreach (var e in stream.Events(cancellationToken))
                        {
                            if (e.ContentBlockDelta?.Delta.Text is { Length: > 0 })
                            {
                                streamed.Delta();
                            }
                            else if (e.Metadata is { } meta)
                            {
                                usage = meta.Usage;
                            }
                        }

                        return Success(stream.Report, usage ?? stream.Report.Usage, streamed);
                    }
                }

                case ApiKind.Invoke:
                {
                    var r = await _client.InvokeModelAsync(model, SyntheticPrompt.InvokeBody(request, _kind), cancellationToken: cancellationToken);
                    var usage = r.Report.Usage ?? UsageFromAnthropicBody(r.Response.Body.Span);
                    return Success(r.Report, usage, null);
                }

                default:
                {
                    var stream = await _client.InvokeModelWithResponseStreamAsync(model, SyntheticPrompt.InvokeBody(request, _kind), cancellationToken: cancellationToken);
                    await using (stream)
                    {
                        var usage = new AnthropicStreamUsage();
                        await foreach (var chunk in stream.Events(cancellationToken))
                        {
                            if (usage.Read(chunk.Bytes.Span))
                            {
                                streamed.Delta();
                            }
                        }

                        return Success(stream.Report, stream.Report.Usage ?? usage.ToUsage(), streamed);
                    }
                }
            }
        }
        catch (BedrockServiceException e)
        {
            var attempts = e.Report.Attempts;
            return new SendResult
            {
                Outcome = OutcomeClassifier.FromErrorCode(e.ErrorCode, e.StatusCode),
                ErrorCode = e.ErrorCode,
                HttpStatus = e.StatusCode,
                Attempts = attempts.Count,
                ThrottledAttempts = attempts.Count(a => BedrockServiceException.IsThrottleCode(a.ErrorCode)) + (attempts.Count == 0 && e.IsThrottle ? 1 : 0),
                FirstByte = e.Report.TimeToFirstByte,
                FirstToken = streamed.First,
                OutputTokens = e.MidStream ? e.OutputTokensSoFar : 0,
                RequestId = e.RequestId,
                InferenceRegion = e.Report.InferenceRegion,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not our cancellation: the HTTP stack gave up waiting.
            return new SendResult { Outcome = Outcomes.Timeout, ErrorCode = "Timeout", FirstToken = streamed.First };
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or InvalidOperationException)
        {
            return new SendResult { Outcome = Outcomes.ClientError, ErrorCode = e.GetType().Name, FirstToken = streamed.First };
        }
    }

    private static SendResult Success(CallReport report, TokenUsage? usage, StreamTally? streamed)
    {
        var attempts = report.Attempts;
        return new SendResult
        {
            Outcome = Outcomes.Ok,
            HttpStatus = attempts.Count > 0 ? attempts[^1].StatusCode : 200,
            Attempts = attempts.Count,
            ThrottledAttempts = attempts.Count(a => BedrockServiceException.IsThrottleCode(a.ErrorCode)),
            FirstByte = report.TimeToFirstByte,
            FirstToken = streamed?.First ?? report.TimeToFirstToken ?? report.Duration,
            InputTokens = usage?.InputTokens ?? 0,
            OutputTokens = usage?.OutputTokens ?? 0,
            CacheReadTokens = usage?.CacheReadInputTokens ?? 0,
            CacheWriteTokens = usage?.CacheWriteInputTokens ?? 0,
            InferenceRegion = report.InferenceRegion,
            RequestId = report.RequestId,
            InterTokenGapsMs = streamed?.Gaps,
        };
    }

    private static TokenUsage? UsageFromAnthropicBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var response = JsonSerializer.Deserialize(body, BedrockJsonContext.Default.AnthropicResponse);
            return response is null ? null : new TokenUsage
            {
                InputTokens = response.Usage.InputTokens,
                OutputTokens = response.Usage.OutputTokens,
                CacheReadInputTokens = response.Usage.CacheReadInputTokens,
                CacheWriteInputTokens = response.Usage.CacheCreationInputTokens,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>First-delta time and the gaps between deltas of one stream, on the sender's clock.</summary>
    private sealed class StreamTally(TimeProvider time, long start)
    {
        private long _last;
        private List<double>? _gaps;

        public TimeSpan? First { get; private set; }

        public IReadOnlyList<double>? Gaps => _gaps;

        public void Delta()
        {
            var now = time.GetTimestamp();
            if (First is null)
            {
                First = time.GetElapsedTime(start, now);
                _gaps = [];
            }
            else
            {
                _gaps!.Add(time.GetElapsedTime(_last, now).TotalMilliseconds);
            }

            _last = now;
        }
    }

    /// <summary>Usage gathered from Anthropic streaming events (message_start, message_delta).</summary>
    private sealed class AnthropicStreamUsage
    {
        private int _input;
        private int _output;
        private int? _cacheRead;
        private int? _cacheWrite;

        /// <summary>Folds one event in; true when it carried output text.</summary>
        public bool Read(ReadOnlySpan<byte> json)
        {
            try
            {
                var reader = new Utf8JsonReader(json);
                using var doc = JsonDocument.ParseValue(ref reader);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type))
                {
                    return false;
                }

                switch (type.GetString())
                {
                    case "message_start" when root.TryGetProperty("message", out var m) && m.TryGetProperty("usage", out var u):
                        _input = Int(u, "input_tokens") ?? _input;
                        _output = Int(u, "output_tokens") ?? _output;
                        _cacheRead = Int(u, "cache_read_input_tokens") ?? _cacheRead;
                        _cacheWrite = Int(u, "cache_creation_input_tokens") ?? _cacheWrite;
                        return false;
                    case "message_delta" when root.TryGetProperty("usage", out var du):
                        _output = Int(du, "output_tokens") ?? _output;
                        return false;
                    case "content_block_delta":
                        return root.TryGetProperty("delta", out var d) && d.TryGetProperty("text", out var t) && t.GetString() is { Length: > 0 };
                    default:
                        return false;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        public TokenUsage ToUsage() => new()
        {
            InputTokens = _input,
            OutputTokens = _output,
            TotalTokens = _input + _output,
            CacheReadInputTokens = _cacheRead,
            CacheWriteInputTokens = _cacheWrite,
        };

        private static int? Int(JsonElement e, string name)
            => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
    }
}
