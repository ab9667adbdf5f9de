namespace LoadTest.Config;

/// <summary>Which Bedrock Runtime operation a workload calls.</summary>
public enum ApiKind
{
    Converse,
    ConverseStream,
    Invoke,
    InvokeStream,
}
