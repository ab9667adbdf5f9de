using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Wire;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.ControlPlane;

/// <summary>
/// The Bedrock control plane's inference-profile operations on their REST paths (service model
/// bedrock 2023-04-20): CreateInferenceProfile POST /inference-profiles (201), ListInferenceProfiles
/// GET /inference-profiles, GetInferenceProfile GET and DeleteInferenceProfile DELETE
/// /inference-profiles/{inferenceProfileIdentifier}, and ListTagsForResource, TagResource and
/// UntagResource POST /listTagsForResource, /tagResource, /untagResource. Served on the runtime's
/// ports, so one emulator answers both <c>AWS_ENDPOINT_URL_BEDROCK</c> and
/// <c>AWS_ENDPOINT_URL_BEDROCK_RUNTIME</c>; signatures are checked as for the runtime (both sign as
/// <c>bedrock</c>). The rules live in <see cref="InferenceProfileRegistry"/>.
/// </summary>
internal sealed class ControlPlaneEndpoint
{
    private const string Collection = "/inference-profiles";
    private const int MaxBodyBytes = 1 << 20;

    private readonly InferenceProfileRegistry _registry;

    public ControlPlaneEndpoint(InferenceProfileRegistry registry)
    {
        _registry = registry;
    }

    /// <summary>Whether the raw request target is one of the control plane's paths.</summary>
    public static bool Handles(string rawTarget)
    {
        var path = PathOf(rawTarget);
        return path is Collection or "/listTagsForResource" or "/tagResource" or "/untagResource"
            || path.StartsWith(Collection + "/", StringComparison.Ordinal);
    }

    public async Task HandleAsync(HttpContext http, string rawTarget, SignatureVerifier.SignedRequest? signed, string requestId)
    {
        var (body, unreadable) = await ReadBodyAsync(http, signed);
        if (unreadable is { } refused)
        {
            await BedrockResponse.WriteErrorAsync(http, refused, requestId);
            return;
        }

        var path = PathOf(rawTarget);
        var method = http.Request.Method;
        var context = ControlPlaneJsonContext.Default;
        http.Response.Headers[BedrockResponse.RequestIdHeader] = requestId;
        try
        {
            var error = (method, path) switch
            {
                ("POST", Collection) => await CreateAsync(http, Parse(body, context.CreateInferenceProfileBody)),
                ("GET", Collection) => await ListAsync(http),
                ("GET", _) when Identifier(path) is { } id => await GetAsync(http, id),
                ("DELETE", _) when Identifier(path) is { } id => await AnswerAsync(http, 200, _registry.Delete(id), new EmptyAnswer(), context.EmptyAnswer),
                ("POST", "/listTagsForResource") => await ListTagsAsync(http, Parse(body, context.ResourceBody)),
                ("POST", "/tagResource") => await TagAsync(http, Parse(body, context.ResourceBody)),
                ("POST", "/untagResource") => await UntagAsync(http, Parse(body, context.ResourceBody)),
                _ => new BedrockError(404, BedrockErrors.UnknownOperation, $"{method} {path} is not an operation of the Bedrock control plane the LoadTest emulator serves."),
            };
            if (error is { } failed)
            {
                await BedrockResponse.WriteErrorAsync(http, failed, requestId);
            }
        }
        catch (JsonException e)
        {
            await BedrockResponse.WriteErrorAsync(http, BedrockError.Validation($"Malformed input request: {e.Message}"), requestId);
        }
    }

    private static string PathOf(string rawTarget)
    {
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? rawTarget : rawTarget[..q];
        return path.Length > 1 && path[^1] == '/' ? path[..^1] : path;
    }

    /// <summary>The decoded {inferenceProfileIdentifier} of /inference-profiles/{id}, or null for a deeper path.</summary>
    private static string? Identifier(string path)
    {
        var raw = path[(Collection.Length + 1)..];
        return raw.Contains('/', StringComparison.Ordinal) ? null : Uri.UnescapeDataString(raw);
    }

    private static T Parse<T>(byte[] body, JsonTypeInfo<T> type)
        => (body.Length == 0 ? default : JsonSerializer.Deserialize(body, type))
           ?? throw new JsonException("the body must be a JSON object");

    private static async Task<BedrockError?> AnswerAsync<T>(HttpContext http, int status, BedrockError? error, T answer, JsonTypeInfo<T> type)
    {
        if (error is not null)
        {
            return error;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await BedrockResponse.WriteJsonAsync(http, answer, type);
        return null;
    }

    /// <summary>The whole body (a control-plane call is small), refused past 1 MiB; the signature is checked over it.</summary>
    private static async Task<(byte[] Body, BedrockError? Error)> ReadBodyAsync(HttpContext http, SignatureVerifier.SignedRequest? signed)
    {
        var reader = http.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted);
            var buffer = result.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.End);
                return ([], BedrockError.Validation(RequestBody.TooLarge(MaxBodyBytes)));
            }

            if (!result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var bytes = buffer.ToArray();
            var error = signed is null ? null : SignatureVerifier.CheckBody(signed, buffer);
            reader.AdvanceTo(buffer.End);
            return (bytes, error);
        }
    }

    private async Task<BedrockError?> CreateAsync(HttpContext http, CreateInferenceProfileBody body)
    {
        var error = _registry.Create(body, out var created);
        return await AnswerAsync(http, 201, error, new CreateInferenceProfileAnswer(created?.Arn ?? "", InferenceProfileRegistry.Active), ControlPlaneJsonContext.Default.CreateInferenceProfileAnswer);
    }

    private async Task<BedrockError?> ListAsync(HttpContext http)
    {
        var query = http.Request.Query;
        string? One(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        var error = _registry.List(One("type"), One("maxResults"), One("nextToken"), out var page);
        return await AnswerAsync(http, 200, error, page!, ControlPlaneJsonContext.Default.ListInferenceProfilesAnswer);
    }

    private async Task<BedrockError?> GetAsync(HttpContext http, string identifier)
    {
        var error = _registry.Get(identifier, out var found);
        return await AnswerAsync(http, 200, error, found!, ControlPlaneJsonContext.Default.InferenceProfileBody);
    }

    private async Task<BedrockError?> ListTagsAsync(HttpContext http, ResourceBody body)
    {
        var error = _registry.Tags(body.ResourceArn, out var tags);
        var answer = new TagsAnswer([.. tags.Select(t => new TagEntry { Key = t.Key, Value = t.Value })]);
        return await AnswerAsync(http, 200, error, answer, ControlPlaneJsonContext.Default.TagsAnswer);
    }

    private async Task<BedrockError?> TagAsync(HttpContext http, ResourceBody body)
        => await AnswerAsync(http, 200, _registry.Tag(body.ResourceArn, body.Tags), new EmptyAnswer(), ControlPlaneJsonContext.Default.EmptyAnswer);

    private async Task<BedrockError?> UntagAsync(HttpContext http, ResourceBody body)
        => await AnswerAsync(http, 200, _registry.Untag(body.ResourceArn, body.TagKeys), new EmptyAnswer(), ControlPlaneJsonContext.Default.EmptyAnswer);
}
