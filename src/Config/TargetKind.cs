namespace LoadTest.Config;

/// <summary>What the load is aimed at.</summary>
public enum TargetKind
{
    /// <summary>The built-in Bedrock Runtime emulator (in-process unless an endpoint is given).</summary>
    Emulator,
    /// <summary>Real Amazon Bedrock (or a proxy in front of it).</summary>
    Bedrock,
}
