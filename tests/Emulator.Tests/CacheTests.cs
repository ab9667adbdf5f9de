using Microsoft.Extensions.Time.Testing;

namespace LoadTest.Emulator.Tests;

/// <summary>Cache points: the prefix is written on first sight and read within the 5-minute TTL.</summary>
public sealed class CacheTests
{
    private static string ConverseWithCachePoint(string prefix, string question) =>
        $$$"""
        {"system":[{"text":"{{{prefix}}}"},{"cachePoint":{"type":"default"}}],
         "messages":[{"role":"user","content":[{"text":"{{{question}}}"}]}],
         "inferenceConfig":{"maxTokens":50},
         "requestMetadata":{"loadtest-output-tokens":"5"}}
        """;

    [Fact]
    public async Task A_prefix_is_written_first_then_read_within_the_TTL_and_written_again_after_it()
    {
        var clock = new FakeTimeProvider();
        await using var emu = await TestEmulator.StartAsync(TestEmulator.Instant, o => o with { TimeProvider = clock });
        var prefix = new string('p', 4_000); // 1,000 tokens
        var body = ConverseWithCachePoint(prefix, "abcdefgh"); // + 2 tokens after the cache point

        var first = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", body)).Json.GetProperty("usage");
        Assert.Equal(1_000, first.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(0, first.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(2, first.GetProperty("inputTokens").GetInt32());
        Assert.Equal(2 + 5 + 1_000, first.GetProperty("totalTokens").GetInt32());

        clock.Advance(TimeSpan.FromMinutes(4));
        var second = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", ConverseWithCachePoint(prefix, "another question"))).Json.GetProperty("usage");
        Assert.Equal(1_000, second.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(0, second.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(4, second.GetProperty("inputTokens").GetInt32());

        // The hit refreshed the TTL: 4 more minutes is still within 5 of the last use.
        clock.Advance(TimeSpan.FromMinutes(4));
        var third = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", body)).Json.GetProperty("usage");
        Assert.Equal(1_000, third.GetProperty("cacheReadInputTokens").GetInt32());

        clock.Advance(TimeSpan.FromMinutes(6));
        var expired = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", body)).Json.GetProperty("usage");
        Assert.Equal(1_000, expired.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(0, expired.GetProperty("cacheReadInputTokens").GetInt32());
    }

    [Fact]
    public async Task A_different_prefix_or_model_does_not_hit_and_cache_reads_cost_no_quota()
    {
        await using var emu = await TestEmulator.StartAsync(TestEmulator.Instant, o => o with { TimeProvider = new FakeTimeProvider() });
        var body = ConverseWithCachePoint(new string('a', 400), "q");
        await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", body);
        var otherPrefix = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", ConverseWithCachePoint(new string('b', 400), "q"))).Json.GetProperty("usage");
        Assert.Equal(100, otherPrefix.GetProperty("cacheWriteInputTokens").GetInt32());
        var otherModel = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.HaikuBase, "converse", body)).Json.GetProperty("usage");
        Assert.Equal(100, otherModel.GetProperty("cacheWriteInputTokens").GetInt32());

        var before = emu.Statistics.QuotaTokens;
        var hit = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", body)).Json.GetProperty("usage");
        Assert.Equal(100, hit.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(1 + (5 * 5), emu.Statistics.QuotaTokens - before); // 1 input token + 5 output x burndown 5
    }

    [Fact]
    public async Task With_two_cache_points_the_longest_cached_prefix_is_read_and_the_rest_written()
    {
        await using var emu = await TestEmulator.StartAsync(TestEmulator.Instant, o => o with { TimeProvider = new FakeTimeProvider() });
        static string Body(string document) => $$$"""
            {"system":[{"text":"{{{new string('s', 400)}}}"},{"cachePoint":{"type":"default"}}],
             "messages":[{"role":"user","content":[{"text":"{{{document}}}"},{"cachePoint":{"type":"default"}},{"text":"q?"}]}],
             "inferenceConfig":{"maxTokens":50},"requestMetadata":{"loadtest-output-tokens":"1"}}
            """;
        var first = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", Body(new string('d', 800)))).Json.GetProperty("usage");
        Assert.Equal(300, first.GetProperty("cacheWriteInputTokens").GetInt32()); // system 100 + document 200

        // Same system prompt, another document: the system prefix is read, the new document written.
        var second = (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", Body(new string('e', 800)))).Json.GetProperty("usage");
        Assert.Equal(100, second.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(200, second.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(1, second.GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public async Task Anthropic_cache_control_marks_a_cacheable_prefix_for_InvokeModel()
    {
        await using var emu = await TestEmulator.StartAsync(TestEmulator.Instant, o => o with { TimeProvider = new FakeTimeProvider() });
        var prefix = new string('s', 800);
        var body = $$$"""
            {"anthropic_version":"bedrock-2023-05-31","max_tokens":20,
             "system":[{"type":"text","text":"{{{prefix}}}","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"abcd [[loadtest:output-tokens=3]]"}]}
            """;
        var first = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "invoke", body);
        Assert.Equal(200, first.Content(out var usage1));
        Assert.Equal(200, usage1.GetProperty("cache_creation_input_tokens").GetInt32());
        var second = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "invoke", body);
        Assert.Equal(200, second.Content(out var usage2));
        Assert.Equal(200, usage2.GetProperty("cache_read_input_tokens").GetInt32());
        Assert.Equal(0, usage2.GetProperty("cache_creation_input_tokens").GetInt32());
        Assert.Equal("200", second.Header("X-Amzn-Bedrock-Cache-Read-Input-Token-Count"));
    }
}

internal static class ReplyExtensions
{
    public static int Content(this BedrockHttp.Reply reply, out System.Text.Json.JsonElement usage)
    {
        usage = reply.Json.GetProperty("usage");
        return reply.Status;
    }
}
