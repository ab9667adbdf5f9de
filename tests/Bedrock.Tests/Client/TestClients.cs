using LoadTest.Core;
using Amazon.Runtime;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Tests.Client;

public static class TestClients
{
    public const string GlobalSonnet = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
    public const string ApplicationProfileArn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";

    public static BedrockRuntimeClient For(LoopbackServer server, RetryMode mode = RetryMode.Standard, int maxAttempts = 3, string region = "ap-south-1", TimeSpan? timeout = null, bool fastFail = false)
        => new(new BedrockClientOptions
        {
            FastFail = fastFail,
            ServiceUrl = server.Url,
            Region = region,
            RetryMode = mode,
            MaxAttempts = maxAttempts,
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
            Credentials = new BasicAWSCredentials("AKID", "test-secret"),
        });

    public static ConverseRequest Hello(string text = "hello") => new()
    {
        Messages = [new Message { Role = "user", Content = [ContentBlock.FromText(text)] }],
        InferenceConfig = new InferenceConfiguration { MaxTokens = 100 },
    };
}
