using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LoadTest.Config;
using LoadTest.Core;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// The control plane's inference-profile operations over HTTP: create (copyFrom, tags, idempotency),
/// get, list (type filter, pagination), delete, tags, each error a caller can meet; and a created
/// profile's ARN served by the runtime in every encoding, drawing on its source's quota.
/// </summary>
public sealed class ApplicationProfileTests
{
    private const string GlobalHaikuArn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + TestEmulator.Haiku;
    private const string DeclaredArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/declared01";

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static readonly string Yaml = $"""
        models:
          - id: {TestEmulator.Haiku}
            tpm: 1000000000
            rpm: 3
          - id: {TestEmulator.HaikuBase}
            rpm: 100
          - id: {DeclaredArn}
            target: {TestEmulator.Haiku}
            tags: {"{"} tenant: declared, team: search {"}"}
        emulator:
          sourceRegion: us-east-1
          latencyScale: 0
        """;

    [Fact]
    public async Task A_created_profile_answers_Converse_in_every_encoding_and_shares_its_source_quota()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml);
        var created = await CreateAsync(emu, "tenant-acme", GlobalHaikuArn, ("tenant", "acme"));
        Assert.Equal(201, created.Status);
        var arn = created.Json.GetProperty("inferenceProfileArn").GetString()!;
        Assert.Equal("ACTIVE", created.Json.GetProperty("status").GetString());
        Assert.Matches("^arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/[a-z0-9]{12}$", arn);

        // ':' raw with '/' as %2F (.NET), fully escaped (botocore, JS), lower-case hex; the global profile's RPM is 3: the ARN and the profile it copies draw on the same bucket.
        var slashOnly = "/model/" + arn.Replace("/", "%2F", StringComparison.Ordinal) + "/converse";
        Assert.Equal(200, (await BedrockHttp.PostRawTargetAsync(emu.Http1Url, slashOnly, BedrockHttp.ConverseBody())).Status);
        Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, arn, "converse", BedrockHttp.ConverseBody())).Status);
        Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody())).Status);
        var fourth = await BedrockHttp.PostRawTargetAsync(emu.Http1Url, slashOnly.Replace("%2F", "%2f", StringComparison.Ordinal), BedrockHttp.ConverseBody());
        Assert.Equal(429, fourth.Status);
        Assert.Equal("ThrottlingException", fourth.Header("x-amzn-ErrorType"));
        Assert.Equal("Too many requests, please wait before trying again.", fourth.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_created_profile_routes_like_its_source_and_a_foundation_model_copy_stays_in_the_source_Region()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml);
        var fromModel = (await CreateAsync(emu, "in-region", $"arn:aws:bedrock:us-east-1::foundation-model/{TestEmulator.HaikuBase}")).Json.GetProperty("inferenceProfileArn").GetString()!;
        var reply = await BedrockHttp.PostAsync(emu.Http1Url, fromModel, "converse", BedrockHttp.ConverseBody());
        Assert.Equal(200, reply.Status);
        Assert.Equal("us-east-1", reply.Header("x-loadtest-inference-region"));

        var got = await SendAsync(emu, HttpMethod.Get, "/inference-profiles/" + Uri.EscapeDataString(fromModel));
        Assert.Equal(["arn:aws:bedrock:us-east-1::foundation-model/" + TestEmulator.HaikuBase], Models(got.Json));
        var global = await SendAsync(emu, HttpMethod.Get, "/inference-profiles/" + TestEmulator.Haiku);
        Assert.Equal("SYSTEM_DEFINED", global.Json.GetProperty("type").GetString());
        Assert.True(Models(global.Json).Count > 1, "a global profile lists a foundation model in each destination Region");
    }

    [Fact]
    public async Task Get_by_ARN_or_ID_shows_name_tags_and_source_then_delete_makes_the_runtime_refuse_the_ARN()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml);
        var arn = (await CreateAsync(emu, "tenant globex", GlobalHaikuArn, ("tenant", "globex"), ("cost-center", "42"))).Json.GetProperty("inferenceProfileArn").GetString()!;
        var id = arn[(arn.LastIndexOf('/') + 1)..];

        var byArn = await SendAsync(emu, HttpMethod.Get, "/inference-profiles/" + Uri.EscapeDataString(arn));
        var byId = await SendAsync(emu, HttpMethod.Get, "/inference-profiles/" + id);
        Assert.Equal(200, byArn.Status);
        Assert.Equal(byArn.Text, byId.Text);
        Assert.Equal("tenant globex", byArn.Json.GetProperty("inferenceProfileName").GetString());
        Assert.Equal("APPLICATION", byArn.Json.GetProperty("type").GetString());
        Assert.Equal(id, byArn.Json.GetProperty("inferenceProfileId").GetString());
        Assert.Equal(Models((await SendAsync(emu, HttpMethod.Get, "/inference-profiles/" + TestEmulator.Haiku)).Json), Models(byArn.Json));

        var tags = await PostJsonAsync(emu, "/listTagsForResource", new { resourceARN = arn });
        Assert.Equal("tenant=globex,cost-center=42", TagText(tags.Json));

        var deleted = await SendAsync(emu, HttpMethod.Delete, "/inference-profiles/" + Uri.EscapeDataString(arn));
        Assert.Equal(200, deleted.Status);
        var after = await BedrockHttp.PostAsync(emu.Http1Url, arn, "converse", BedrockHttp.ConverseBody());
        Assert.Equal(400, after.Status);
        Assert.Equal("ValidationException", after.Header("x-amzn-ErrorType"));
        Assert.StartsWith("The provided model identifier is invalid.", after.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertError(await SendAsync(emu, HttpMethod.Get, "/inference-profiles/" + id), 404, "ResourceNotFoundException");
        AssertError(await SendAsync(emu, HttpMethod.Delete, "/inference-profiles/" + id), 404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Create_refuses_what_Bedrock_refuses_with_its_error_types()
    {
        // The account's quota of application profiles, set in scenarios.yaml as a rehearsal would.
        await using var emu = await TestEmulator.StartAsync(Yaml.Replace("  latencyScale: 0", "  latencyScale: 0\n  applicationProfileLimit: 2", StringComparison.Ordinal));
        AssertError(await CreateAsync(emu, "bad/name", GlobalHaikuArn), 400, "ValidationException", "inferenceProfileName");
        AssertError(await CreateAsync(emu, new string('a', 65), GlobalHaikuArn), 400, "ValidationException", "length between 1 and 64");
        AssertError(await CreateAsync(emu, "unknown", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-nothing-v1:0"), 400, "ValidationException", "is not a foundation model or system-defined inference profile");
        AssertError(await CreateAsync(emu, "other-region", GlobalHaikuArn.Replace("us-east-1", "eu-west-1", StringComparison.Ordinal)), 400, "ValidationException", "not in this Region");
        AssertError(await CreateAsync(emu, "not-an-arn", TestEmulator.Haiku), 400, "ValidationException", "modelSource.copyFrom");
        var tooMany = Enumerable.Range(0, 201).Select(i => ($"k{i}", "v")).ToArray();
        AssertError(await CreateAsync(emu, "many-tags", GlobalHaikuArn, tooMany), 400, "TooManyTagsException");
        AssertError(await PostJsonAsync(emu, "/inference-profiles", "{not json"), 400, "ValidationException", "Malformed input request");

        var first = await CreateAsync(emu, "tenant-a", GlobalHaikuArn, token: "retry-token-1");
        Assert.Equal(201, first.Status);
        var again = await CreateAsync(emu, "tenant-a", GlobalHaikuArn, token: "retry-token-1");
        Assert.Equal(201, again.Status);
        Assert.Equal(first.Json.GetProperty("inferenceProfileArn").GetString(), again.Json.GetProperty("inferenceProfileArn").GetString());
        AssertError(await CreateAsync(emu, "tenant-a", GlobalHaikuArn), 400, "ConflictException", "already exists");

        // The declared profile and tenant-a make two: the limit.
        AssertError(await CreateAsync(emu, "tenant-b", GlobalHaikuArn), 400, "ServiceQuotaExceededException", "quota (2)");
        AssertError(await SendAsync(emu, HttpMethod.Delete, "/inference-profiles/" + TestEmulator.Haiku), 400, "ValidationException", "system-defined");
        AssertError(await SendAsync(emu, HttpMethod.Get, "/inference-profiles/no%20such"), 400, "ValidationException", "inferenceProfileIdentifier");
    }

    [Fact]
    public void A_profile_limit_that_is_not_a_count_is_a_config_error_at_its_position()
    {
        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse(Yaml.Replace("  latencyScale: 0", "  latencyScale: 0\n  applicationProfileLimit: -1", StringComparison.Ordinal), "s.yaml"));
        Assert.StartsWith("s.yaml:13:28:", e.Message, StringComparison.Ordinal);
        Assert.Contains("applicationProfileLimit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_type_and_pages_with_nextToken_and_a_declared_profile_carries_its_config_tags()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml);
        var created = (await CreateAsync(emu, "tenant-c", GlobalHaikuArn, ("tenant", "c"))).Json.GetProperty("inferenceProfileArn").GetString()!;

        var apps = await SendAsync(emu, HttpMethod.Get, "/inference-profiles?type=APPLICATION");
        Assert.Equal([DeclaredArn, created], Arns(apps.Json));
        var system = Arns((await SendAsync(emu, HttpMethod.Get, "/inference-profiles?type=SYSTEM_DEFINED")).Json);
        Assert.Contains(GlobalHaikuArn, system);
        Assert.DoesNotContain(created, system);
        Assert.DoesNotContain(system, a => a.Contains("foundation-model", StringComparison.Ordinal));

        var all = Arns((await SendAsync(emu, HttpMethod.Get, "/inference-profiles")).Json);
        var paged = new List<string>();
        string? next = null;
        do
        {
            var page = await SendAsync(emu, HttpMethod.Get, "/inference-profiles?maxResults=2" + (next is null ? "" : "&nextToken=" + Uri.EscapeDataString(next)));
            Assert.True(Arns(page.Json).Count <= 2);
            paged.AddRange(Arns(page.Json));
            next = page.Json.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
        }
        while (next is not null);
        Assert.Equal(all, paged);

        AssertError(await SendAsync(emu, HttpMethod.Get, "/inference-profiles?maxResults=0"), 400, "ValidationException", "maxResults");
        AssertError(await SendAsync(emu, HttpMethod.Get, "/inference-profiles?type=CUSTOM"), 400, "ValidationException", "typeEquals");
        AssertError(await SendAsync(emu, HttpMethod.Get, "/inference-profiles?nextToken=garbage"), 400, "ValidationException", "pagination token");

        var declared = await PostJsonAsync(emu, "/listTagsForResource", new { resourceARN = DeclaredArn });
        Assert.Equal("tenant=declared,team=search", TagText(declared.Json));
    }

    [Fact]
    public async Task TagResource_and_UntagResource_change_what_ListTagsForResource_shows()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml);
        var arn = (await CreateAsync(emu, "tenant-d", GlobalHaikuArn, ("tenant", "d"))).Json.GetProperty("inferenceProfileArn").GetString()!;
        Assert.Equal(200, (await PostJsonAsync(emu, "/tagResource", new { resourceARN = arn, tags = new[] { new { key = "tenant", value = "delta" }, new { key = "env", value = "prod" } } })).Status);
        Assert.Equal("tenant=delta,env=prod", TagText((await PostJsonAsync(emu, "/listTagsForResource", new { resourceARN = arn })).Json));
        Assert.Equal(200, (await PostJsonAsync(emu, "/untagResource", new { resourceARN = arn, tagKeys = new[] { "env" } })).Status);
        Assert.Equal("tenant=delta", TagText((await PostJsonAsync(emu, "/listTagsForResource", new { resourceARN = arn })).Json));
        AssertError(await PostJsonAsync(emu, "/listTagsForResource", new { resourceARN = arn + "x" }), 404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task With_verifySignature_an_unsigned_control_plane_call_is_refused_as_the_runtime_refuses_it()
    {
        await using var emu = await TestEmulator.StartAsync(Yaml + "\n  verifySignature:\n    - accessKeyId: AKIDX\n      secretAccessKey: secret\n");
        AssertError(await SendAsync(emu, HttpMethod.Get, "/inference-profiles"), 403, "MissingAuthenticationTokenException");
        AssertError(await CreateAsync(emu, "unsigned", GlobalHaikuArn), 403, "MissingAuthenticationTokenException");
    }

    [Fact]
    public void Tags_on_a_model_that_is_not_an_application_profile_are_a_config_error_naming_the_line()
    {
        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse($"models:\n  - id: {TestEmulator.Haiku}\n    tags: {{ tenant: acme }}\n", "scenarios.yaml"));
        Assert.Contains("scenarios.yaml:3", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot carry tags", e.Message, StringComparison.Ordinal);
    }

    private static void AssertError(BedrockHttp.Reply reply, int status, string type, string? message = null)
    {
        Assert.True(reply.Status == status, $"expected {status} {type}, got {reply.Status}: {reply.Text}");
        Assert.Equal(type, reply.Header("x-amzn-ErrorType"));
        if (message is not null)
        {
            Assert.Contains(message, reply.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    private static List<string> Models(JsonElement profile)
        => [.. profile.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("modelArn").GetString()!)];

    private static List<string> Arns(JsonElement page)
        => [.. page.GetProperty("inferenceProfileSummaries").EnumerateArray().Select(p => p.GetProperty("inferenceProfileArn").GetString()!)];

    private static string TagText(JsonElement tags)
        => string.Join(',', tags.GetProperty("tags").EnumerateArray().Select(t => $"{t.GetProperty("key").GetString()}={t.GetProperty("value").GetString()}"));

    private static Task<BedrockHttp.Reply> CreateAsync(EmulatorServer emu, string name, string copyFrom, params (string Key, string Value)[] tags)
        => CreateAsync(emu, name, copyFrom, null, tags);

    private static Task<BedrockHttp.Reply> CreateAsync(EmulatorServer emu, string name, string copyFrom, string? token, params (string Key, string Value)[] tags)
        => PostJsonAsync(emu, "/inference-profiles", new
        {
            inferenceProfileName = name,
            clientRequestToken = token,
            modelSource = new { copyFrom },
            tags = tags.Select(t => new { key = t.Key, value = t.Value }).ToArray(),
        });

    private static async Task<BedrockHttp.Reply> PostJsonAsync(EmulatorServer emu, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emu.Http1Url, path.TrimStart('/')))
        {
            Content = body is string text ? new StringContent(text, Encoding.UTF8, "application/json") : JsonContent.Create(body),
        };
        return await SendAsync(request);
    }

    private static async Task<BedrockHttp.Reply> SendAsync(EmulatorServer emu, HttpMethod method, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(method, new Uri(emu.Http1Url.ToString().TrimEnd('/') + pathAndQuery));
        return await SendAsync(request);
    }

    private static async Task<BedrockHttp.Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new BedrockHttp.Reply((int)response.StatusCode, headers, bytes);
    }
}
