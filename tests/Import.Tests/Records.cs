using System.IO.Compression;
using System.Text;

namespace LoadTest.Import.Tests;

/// <summary>Hand-made Bedrock records and a temp folder for them.</summary>
internal sealed class Records : IDisposable
{
    public const string Sonnet = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    public const string Llama = "meta.llama3-1-70b-instruct-v1:0";

    /// <summary>Put in request and response bodies: must never reach an output or an error.</summary>
    public const string Marker = "SECRET-PROMPT-MARKER-7f3a";

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "import-tests-" + Guid.NewGuid().ToString("N"));

    public Records() => Directory.CreateDirectory(Dir);

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public string Path_(string name) => System.IO.Path.Combine(Dir, name);

    public string Write(string name, string text)
    {
        var path = Path_(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteGzip(string name, string text)
    {
        var path = Path_(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    /// <summary>One invocation log record as S3 delivery writes it (one line).</summary>
    public static string Log(
        string time, string model, long input, long output, long cacheRead = 0, long cacheWrite = 0,
        string region = "us-east-1", string? inferenceRegion = null, string version = "1.0", string body = "converse", string id = "r",
        string operation = "Converse", string? tenant = "acme", int maxTokens = 512)
    {
        var inputBody = body switch
        {
            "converse" => "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + Marker + "\"}]}],\"inferenceConfig\":{\"maxTokens\":" + maxTokens + "}}",
            "anthropic" => $$"""{"anthropic_version":"bedrock-2023-05-31","max_tokens":1024,"messages":[{"role":"user","content":"{{Marker}}"}]}""",
            _ => $$"""{"prompt":"{{Marker}}"}""",
        };
        var metadata = tenant is null ? "{}" : "{\"tenant\":\"" + tenant + "\",\"note\":\"" + Marker + "\"}";
        var reroute = inferenceRegion is null ? "" : $",\"inferenceRegion\":\"{inferenceRegion}\"";
        return $$"""{"schemaType":"ModelInvocationLog","schemaVersion":"{{version}}","timestamp":"{{time}}","accountId":"123456789012","identity":{"arn":"arn:aws:iam::123456789012:user/x"},"region":"{{region}}","requestId":"{{id}}","operation":"{{operation}}","modelId":"{{model}}","requestMetadata":{{metadata}},"input":{"inputContentType":"application/json","inputBodyJson":{{inputBody}},"inputTokenCount":{{input}},"cacheReadInputTokenCount":{{cacheRead}},"cacheWriteInputTokenCount":{{cacheWrite}} },"output":{"outputContentType":"application/json","outputBodyJson":{"output":{"message":{"content":[{"text":"{{Marker}}"}]} } },"outputTokenCount":{{output}} }""" + reroute + "}";
    }

    /// <summary>
    /// The peak-minute sample. Sonnet 4.5 burns output tokens 5x:
    ///   10:00:05  in 100, cache write 20, out 10  -> 100 + 20 + 50  = 170
    ///   10:00:40  in 200, cache read 500, out 30  -> 200 + 150      = 350 (cache reads are free)
    ///   10:01:10  in 1000, out 100                -> 1000 + 500     = 1500
    /// minute 10:00: 2 requests, 520 quota tokens; minute 10:01: 1 request, 1500 quota tokens.
    /// Llama burns 1x: 11:30:00 in 100, out 100 -> 200.
    /// </summary>
    public static string[] Sample =>
    [
        Log("2026-11-03T10:01:10Z", Sonnet, 1000, 100, id: "c"),
        Log("2026-11-03T10:00:05Z", Sonnet, 100, 10, cacheWrite: 20, id: "a", inferenceRegion: "us-west-2"),
        Log("2026-11-03T10:00:40Z", Sonnet, 200, 30, cacheRead: 500, id: "b", body: "anthropic", inferenceRegion: "us-east-1"),
        Log("2026-11-03T11:30:00.123Z", Llama, 100, 100, id: "d", body: "plain"),
    ];
}
