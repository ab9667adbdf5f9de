namespace LoadTest.Config;

/// <summary>Which Bedrock Runtime operation a workload calls.</summary>
public enum ApiKind
{
    Converse,
    ConverseStream,
    Invoke,
    InvokeStream,

    /// <summary>InvokeModel with an embedding model's body (Cohere Embed): input tokens only.</summary>
    Embed,
}
