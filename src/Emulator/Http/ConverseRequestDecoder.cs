using System.Buffers;
using System.Globalization;
using LoadTest.Bedrock.Wire;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Http;

/// <summary>The body of Converse and ConverseStream: validated with Bedrock's messages, then scanned.</summary>
internal sealed class ConverseRequestDecoder : IRequestDecoder
{
    /// <summary>Bedrock's message when the first message is not the user's.</summary>
    public const string MustStartWithUser = "A conversation must start with a user message. Try again with a conversation that starts with a user message.";

    /// <summary>Bedrock's message when two messages in a row have the same role.</summary>
    public const string MustAlternate = "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";

    private readonly ReservationPolicy _reservation;

    /// <param name="reservation">Gives the output cap when the body sets no maxTokens (the model\'s maximum output by default).</param>
    public ConverseRequestDecoder(ReservationPolicy reservation)
    {
        _reservation = reservation;
    }

    public string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request)
    {
        var converse = RequestBody.Deserialize(body, BedrockJsonContext.Default.ConverseRequest);
        if (converse is null)
        {
            return RequestBody.NotAnObject;
        }

        var invalid = Validate(converse.Messages, model.MaxOutputTokens, converse.InferenceConfig?.MaxTokens);
        if (invalid is not null)
        {
            return invalid;
        }

        request.MaxTokens = _reservation.MaxTokensFor(converse.InferenceConfig?.MaxTokens, model.MaxOutputTokens);
        Scan(request.Scan, converse.System, converse.Messages);
        request.Scan.Steer(OutputSteering.FromMetadata(converse.RequestMetadata));
        request.RequestMetadata = converse.RequestMetadata;
        return request.CheckContextWindow(model);
    }

    /// <summary>Bedrock's checks of a Converse conversation; returns the ValidationException message or null.</summary>
    public static string? Validate(List<Message>? messages, int modelMaxOutput, int? maxTokens)
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
                return MustStartWithUser;
            }

            if (i > 0 && role == messages[i - 1].Role)
            {
                return MustAlternate;
            }

            if (m.Content is null || m.Content.Count == 0)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again.");
            }
        }

        return null;
    }

    /// <summary>Walks the system blocks, then the messages; a cachePoint block ends a cacheable prefix.</summary>
    public static void Scan(PromptScan scan, List<SystemContentBlock>? system, List<Message>? messages)
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
}
