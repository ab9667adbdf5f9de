using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client;

/// <summary>One ConverseStream event; exactly one member is set, like the AWS SDK's ConverseStreamOutput union.</summary>
public sealed record ConverseStreamEvent
{
    public MessageStartEvent? MessageStart { get; init; }

    public ContentBlockStartEvent? ContentBlockStart { get; init; }

    public ContentBlockDeltaEvent? ContentBlockDelta { get; init; }

    public ContentBlockStopEvent? ContentBlockStop { get; init; }

    public MessageStopEvent? MessageStop { get; init; }

    public ConverseStreamMetadataEvent? Metadata { get; init; }
}
