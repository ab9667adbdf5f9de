using LoadTest.Bedrock.Client;
using LoadTest.Core;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class ClientSetupTests
{
    [Fact]
    public async Task Without_credentials_a_loopback_endpoint_is_still_signed()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Json(ctx, Wire.ConverseJson));
        using var client = new BedrockRuntimeClient(new BedrockClientOptions { ServiceUrl = server.Url, Region = "eu-central-1" });

        await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());

        var auth = Assert.Single(server.Requests).Authorization;
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=", auth, StringComparison.Ordinal);
        Assert.Contains("/eu-central-1/bedrock/aws4_request", auth, StringComparison.Ordinal);
        if (!MachineHasAwsCredentials())
        {
            Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={BedrockRuntimeClient.EmulatorAccessKeyId}/", auth, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_regional_endpoint_is_the_default()
    {
        using var client = new BedrockRuntimeClient(new BedrockClientOptions
        {
            Region = "ap-south-2",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("AKID", "secret"),
        });

        // An AWS_ENDPOINT_URL* variable on the machine legitimately overrides the default.
        if (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_BEDROCK_RUNTIME") is null && Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is null)
        {
            Assert.Equal(new Uri("https://bedrock-runtime.ap-south-2.amazonaws.com"), client.Endpoint);
        }
    }

    [Fact]
    public void Invalid_options_are_rejected_up_front()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BedrockRuntimeClient(new BedrockClientOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BedrockRuntimeClient(new BedrockClientOptions { Timeout = TimeSpan.Zero }));
        var e = Assert.Throws<ArgumentException>(() => new BedrockRuntimeClient(new BedrockClientOptions { RetryMode = RetryMode.Standard, FastFail = true }));
        Assert.Contains("adaptive retry mode only", e.Message, StringComparison.Ordinal);
    }

    private static bool MachineHasAwsCredentials()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is not null
            || Environment.GetEnvironmentVariable("AWS_PROFILE") is not null
            || Environment.GetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE") is not null
            || Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI") is not null
            || Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is not null
            || File.Exists(Path.Combine(home, ".aws", "credentials"))
            || File.Exists(Path.Combine(home, ".aws", "config"));
    }
}
