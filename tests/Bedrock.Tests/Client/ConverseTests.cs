using System.Text.RegularExpressions;
using LoadTest.Bedrock.Client;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class ConverseTests
{
    [Theory]
    [InlineData(TestClients.GlobalSonnet)]
    [InlineData(TestClients.ApplicationProfileArn)]
    public async Task Converse_is_sigv4_signed_for_the_region_and_the_model_id_is_one_path_segment(string modelId)
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Json(ctx, Wire.ConverseJson, requestId: "rid-1", region: "ap-southeast-1"));
        using var client = TestClients.For(server, region: "ap-south-1");

        var result = await client.ConverseAsync(modelId, TestClients.Hello());

        var seen = Assert.Single(server.Requests);
        Assert.Matches(new Regex(@"^AWS4-HMAC-SHA256 Credential=AKID/\d{8}/ap-south-1/bedrock/aws4_request, SignedHeaders=[^ ]+, Signature=[0-9a-f]{64}$"), seen.Authorization);
        Assert.Equal("converse", seen.Operation);
        Assert.Equal(modelId, seen.ModelId);
        var segments = seen.RawTarget.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, segments.Length);
        Assert.DoesNotContain(':', segments[1]);
        Assert.Contains("%3A", segments[1], StringComparison.Ordinal);
        Assert.Equal(modelId.Contains('/', StringComparison.Ordinal), segments[1].Contains("%2F", StringComparison.Ordinal));
        Assert.Contains("\"text\":\"hello\"", System.Text.Encoding.UTF8.GetString(seen.Body), StringComparison.Ordinal);

        Assert.Equal("hello", result.Response.Output.Message!.Content[0].Text);
        var report = result.Report;
        Assert.Equal(1, report.AttemptCount);
        Assert.True(report.Attempts[0].Succeeded);
        Assert.Equal("rid-1", report.RequestId);
        Assert.Equal("ap-southeast-1", report.InferenceRegion);
        Assert.Equal("end_turn", report.StopReason);
        Assert.Equal(12, report.Usage!.InputTokens);
        Assert.Equal(4, report.Usage.CacheWriteInputTokens);
        Assert.NotNull(report.TimeToFirstByte);
        Assert.True(report.Duration >= report.TimeToFirstByte);
        Assert.Equal(report.Duration, report.TimeToFirstToken);
    }

    [Fact]
    public async Task Pipeline_has_the_attempt_observer_inside_the_retry_handler()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Json(ctx, Wire.ConverseJson));
        using var client = TestClients.For(server);

        var handlers = client.PipelineHandlers();

        var observer = handlers.ToList().IndexOf("AttemptObserver");
        var retry = handlers.ToList().IndexOf("RetryHandler");
        Assert.True(retry >= 0 && observer > retry, string.Join(" > ", handlers));
    }

    [Fact]
    public async Task Pipeline_runs_the_sdk_handlers_bedrock_needs_and_none_of_the_inert_ones()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Json(ctx, Wire.ConverseJson));
        using var client = TestClients.For(server);

        // Outermost first. Gone: MetricsHandler, ErrorCallbackHandler, the CallbackHandlers,
        // CompressionHandler, ChecksumHandler, EndpointDiscoveryHandler (nothing to do for Bedrock).
        Assert.Equal(
            ["Marshaller", "BedrockAuthSchemeHandler", "BedrockEndpointResolver", "RetryHandler", "RetryLoopObserver", "Signer", "SignedObserver", "ErrorHandler", "Unmarshaller", "AttemptObserver", "HttpHandler`1"],
            client.PipelineHandlers());

        // What those handlers put on the wire is still there.
        await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());
        var seen = Assert.Single(server.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 ", seen.Authorization, StringComparison.Ordinal);
        Assert.Equal("attempt=1; max=3", seen.SdkRequest);
        Assert.Contains("loadtest-bedrock/1.0", seen.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.True(Guid.TryParse(seen.Headers["amz-sdk-invocation-id"], out _));
    }
}
