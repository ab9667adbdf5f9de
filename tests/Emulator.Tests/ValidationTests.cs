namespace LoadTest.Emulator.Tests;

/// <summary>Bad requests get ValidationException 400 with a message a person can act on.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private EmulatorServer _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(TestEmulator.Instant);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    [Theory]
    [InlineData("converse", """{"messages":[]}""", "at least one message")]
    [InlineData("converse", """{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":0}}""", "'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    [InlineData("converse", """{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":999999}}""", "exceeds the model limit of 64000")]
    [InlineData("converse", """{"messages":[{"role":"assistant","content":[{"text":"hi"}]}]}""", "must start with a user message")]
    [InlineData("converse", """{"messages":[{"role":"user","content":[{"text":"a"}]},{"role":"user","content":[{"text":"b"}]}]}""", "alternate between user and assistant")]
    [InlineData("converse", """{"messages":[{"role":"user","content":[]}]}""", "messages.0 is empty")]
    [InlineData("converse", """{"messages": [ oops""", "Malformed input request")]
    [InlineData("converse", "", "Malformed input request")]
    [InlineData("converse-stream", """{"messages":[]}""", "at least one message")]
    [InlineData("invoke", """{"anthropic_version":"bedrock-2023-05-31","messages":[{"role":"user","content":"hi"}]}""", "required key [max_tokens] not found")]
    [InlineData("invoke", """{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[]}""", "expected minimum item count: 1")]
    [InlineData("invoke-with-response-stream", "not json", "Malformed input request")]
    [InlineData("count-tokens", """{"input":{}}""", "either 'converse' or 'invokeModel'")]
    public async Task Invalid_requests_are_ValidationException_with_a_readable_message(string operation, string body, string expected)
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, operation, body);
        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        Assert.NotNull(r.Header("x-amzn-RequestId"));
        Assert.Null(r.Header("x-loadtest-inference-region"));
        Assert.Contains(expected, r.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_ValidationException_naming_the_ID()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, "anthropic.claude-imaginary-v9:0", "converse", BedrockHttp.ConverseBody());
        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        var message = r.Json.GetProperty("message").GetString()!;
        Assert.StartsWith("The provided model identifier is invalid.", message, StringComparison.Ordinal);
        Assert.Contains("anthropic.claude-imaginary-v9:0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_failures_take_no_quota()
    {
        for (var i = 0; i < 5; i++)
        {
            await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", """{"messages":[]}""");
        }

        var stats = _emu.Statistics;
        Assert.Equal(5, stats.ClientErrors);
        Assert.Equal(0, stats.QuotaTokens);
    }
}
