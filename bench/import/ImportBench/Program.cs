using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

// Writes N Bedrock model invocation log records (schemaType ModelInvocationLog, the shape of
// src/Emulator's invocation log plus request and response bodies) as gzipped files of one JSON
// object per line, laid out as S3 delivery does:
// AWSLogs/<account>/BedrockModelInvocationLogs/<region>/yyyy/MM/dd/HH/<stamp>_<id>.json.gz.
// One day of traffic with a daily shape; each file holds a consecutive time slice. Deterministic
// for a given seed, so every rerun imports the same bytes.
// Usage: ImportBench generate OUTDIR [records, default 1000000] [files, default 48] [seed, default 13]
//        ImportBench gunzip DIR   (the floor: CPU seconds to gunzip every file, nothing parsed)
if (args is ["gunzip", var dir])
{
    return Gunzip(dir);
}

if (args.Length < 2 || args[0] != "generate")
{
    Console.Error.WriteLine("usage: ImportBench generate OUTDIR [records] [files] [seed] | ImportBench gunzip DIR");
    return 2;
}

var outDir = args[1];
var records = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
var files = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 48;
var seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 13;

var day = new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);
var perFile = TimeSpan.FromDays(1) / files;

// Requests over the day follow a daytime hump (peak about 14:00 UTC, about 4x the night).
var weights = Enumerable.Range(0, files).Select(f => 1 + (3 * Math.Exp(-Math.Pow(((f + 0.5) * 24.0 / files) - 14, 2) / 18))).ToArray();
var total = weights.Sum();
var counts = weights.Select(w => (long)(records * w / total)).ToArray();
counts[^1] += records - counts.Sum();

var sw = System.Diagnostics.Stopwatch.StartNew();
var written = new long[files];
Parallel.For(0, files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
{
    var random = new Random(seed * 1_000 + f);
    var start = day + (perFile * f);
    var path = Path.Combine(outDir, "AWSLogs", Generator.Account, "BedrockModelInvocationLogs", "us-east-1",
        start.ToString("yyyy/MM/dd/HH", CultureInfo.InvariantCulture),
        $"{start:yyyyMMdd'T'HHmm'Z'}_{random.Next():x8}.json.gz");
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    using (var file = File.Create(path))
    using (var gz = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: false))
    {
        var generator = new Generator(random);
        var step = perFile.Ticks / Math.Max(1, counts[f]);
        for (long i = 0; i < counts[f]; i++)
        {
            generator.Write(gz, start + TimeSpan.FromTicks((step * i) + random.NextInt64(step)));
        }
    }

    written[f] = new FileInfo(path).Length;
});

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {records:N0} records in {files} files, {written.Sum() / 1048576.0:0.0} MiB gzipped, in {sw.Elapsed.TotalSeconds:0.0} s: {outDir}"));
return 0;

// One file after another on one thread, as one import worker reads them.
static int Gunzip(string dir)
{
    var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    var sw = System.Diagnostics.Stopwatch.StartNew();
    var buffer = new byte[1 << 16];
    long bytes = 0;
    foreach (var path in Directory.EnumerateFiles(dir, "*.gz", SearchOption.AllDirectories))
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        int n;
        while ((n = gz.Read(buffer)) > 0)
        {
            bytes += n;
        }
    }

    cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gunzip alone: {bytes / 1048576.0:N0} MiB in {sw.Elapsed.TotalSeconds:0.0} s wall, {cpu.TotalSeconds:0.0} s CPU ({bytes / 1048576.0 / cpu.TotalSeconds:0} MiB/s of CPU)"));
    return 0;
}

/// <summary>One generator per file: random model, operation, metadata, bodies of plausible size.</summary>
internal sealed class Generator(Random random)
{
    public const string Account = "123456789012";

    private static readonly (string Id, string Operation, double Share, bool CrossRegion)[] Models =
    [
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "Converse", 0.35, true),
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "ConverseStream", 0.15, true),
        ("global.anthropic.claude-haiku-4-5-20251001-v1:0", "InvokeModel", 0.20, true),
        ("anthropic.claude-3-5-haiku-20241022-v1:0", "InvokeModelWithResponseStream", 0.10, false),
        ("meta.llama3-1-70b-instruct-v1:0", "InvokeModel", 0.10, false),
        ("us.amazon.nova-pro-v1:0", "Converse", 0.10, true),
    ];

    private static readonly string[] OtherRegions = ["us-east-2", "us-west-2"];
    private static readonly string[] Tenants = ["acme", "globex", "initech", "umbrella", "hooli", "stark"];
    private static readonly string[] Features = ["chat", "summarise", "classify", "extract"];
    private static readonly string[] Words = MakeWords(new Random(1), 4_000);

    private readonly MemoryStream _line = new(8192);
    private readonly StringBuilder _text = new(8192);
    private readonly byte[] _newline = "\n"u8.ToArray();

    public void Write(Stream stream, DateTimeOffset time)
    {
        var pick = random.NextDouble();
        var m = Models[^1];
        foreach (var candidate in Models)
        {
            if ((pick -= candidate.Share) < 0)
            {
                m = candidate;
                break;
            }
        }

        var input = (long)Math.Clamp(Math.Exp(7.2 + (0.8 * Normal())), 20, 60_000);
        var output = (long)Math.Clamp(Math.Exp(5.6 + (0.7 * Normal())), 5, 4_096);
        var maxTokens = output > 1_024 ? 4_096 : output > 512 ? 1_024 : 512;
        var cacheRead = m.Id.Contains("anthropic", StringComparison.Ordinal) && random.NextDouble() < 0.3 ? input / 2 : 0;
        var cacheWrite = cacheRead == 0 && m.Id.Contains("anthropic", StringComparison.Ordinal) && random.NextDouble() < 0.05 ? 1_024 : 0;
        var converse = m.Operation.StartsWith("Converse", StringComparison.Ordinal);
        var error = random.NextDouble() < 0.01 ? "ThrottlingException" : null;

        _line.SetLength(0);
        using (var w = new Utf8JsonWriter(_line))
        {
            w.WriteStartObject();
            w.WriteString("schemaType", "ModelInvocationLog");
            w.WriteString("schemaVersion", "1.0");
            w.WriteString("timestamp", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("accountId", Account);
            w.WriteStartObject("identity");
            w.WriteString("arn", $"arn:aws:sts::{Account}:assumed-role/app-{Tenants[random.Next(Tenants.Length)]}/session");
            w.WriteEndObject();
            w.WriteString("region", "us-east-1");
            w.WriteString("requestId", Guid(random));
            w.WriteString("operation", m.Operation);
            w.WriteString("modelId", m.Id);
            if (converse && random.NextDouble() < 0.6)
            {
                w.WriteStartObject("requestMetadata");
                w.WriteString("tenant", Tenants[random.Next(Tenants.Length)]);
                w.WriteString("feature", Features[random.Next(Features.Length)]);
                w.WriteEndObject();
            }

            w.WriteStartObject("input");
            w.WriteString("inputContentType", "application/json");
            w.WritePropertyName("inputBodyJson");
            RequestBody(w, m.Id, converse, input, maxTokens);
            w.WriteNumber("inputTokenCount", input);
            w.WriteNumber("cacheReadInputTokenCount", cacheRead);
            w.WriteNumber("cacheWriteInputTokenCount", cacheWrite);
            w.WriteEndObject();
            if (error is null)
            {
                w.WriteStartObject("output");
                w.WriteString("outputContentType", "application/json");
                w.WritePropertyName("outputBodyJson");
                ResponseBody(w, converse, input, output);
                w.WriteNumber("outputTokenCount", output);
                w.WriteEndObject();
                if (m.CrossRegion)
                {
                    w.WriteString("inferenceRegion", random.NextDouble() < 0.25 ? OtherRegions[random.Next(OtherRegions.Length)] : "us-east-1");
                }
            }
            else
            {
                w.WriteString("errorCode", error);
            }

            w.WriteEndObject();
        }

        _line.Write(_newline);
        stream.Write(_line.GetBuffer(), 0, (int)_line.Length);
    }

    /// <summary>A Converse request, an Anthropic Messages body or a Llama prompt; text a few hundred bytes to a few KB.</summary>
    private void RequestBody(Utf8JsonWriter w, string model, bool converse, long input, long maxTokens)
    {
        var prompt = Text(Math.Clamp((int)(input / 2), 150, 6_000));
        w.WriteStartObject();
        if (converse)
        {
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("text", prompt);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("system");
            w.WriteStartObject();
            w.WriteString("text", "You are a helpful assistant for the support team. Answer briefly.");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("inferenceConfig");
            w.WriteNumber("maxTokens", maxTokens);
            w.WriteNumber("temperature", 0.7);
            w.WriteEndObject();
        }
        else if (model.Contains("anthropic", StringComparison.Ordinal))
        {
            w.WriteString("anthropic_version", "bedrock-2023-05-31");
            w.WriteNumber("max_tokens", maxTokens);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", prompt);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        else
        {
            w.WriteString("prompt", prompt);
            w.WriteNumber("max_gen_len", maxTokens);
            w.WriteNumber("temperature", 0.5);
        }

        w.WriteEndObject();
    }

    private void ResponseBody(Utf8JsonWriter w, bool converse, long input, long output)
    {
        var answer = Text(Math.Clamp((int)(output * 4), 100, 4_000));
        w.WriteStartObject();
        if (converse)
        {
            w.WriteStartObject("output");
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("text", answer);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("stopReason", "end_turn");
            w.WriteStartObject("usage");
            w.WriteNumber("inputTokens", input);
            w.WriteNumber("outputTokens", output);
            w.WriteNumber("totalTokens", input + output);
            w.WriteEndObject();
            w.WriteStartObject("metrics");
            w.WriteNumber("latencyMs", 200 + random.Next(5_000));
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("id", "msg_" + Guid(random).Replace("-", "", StringComparison.Ordinal));
            w.WriteString("type", "message");
            w.WriteString("role", "assistant");
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", answer);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("stop_reason", "end_turn");
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", input);
            w.WriteNumber("output_tokens", output);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private string Text(int chars)
    {
        _text.Clear();
        while (_text.Length < chars)
        {
            _text.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ". " : " ");
        }

        return _text.ToString();
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private static string[] MakeWords(Random random, int count)
    {
        const string Letters = "etaoinshrdlucmfwypvbgkjqxz";
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            var length = 2 + random.Next(8);
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                // Skewed towards frequent letters, as text is.
                chars[c] = Letters[(int)(Letters.Length * Math.Pow(random.NextDouble(), 2))];
            }

            words[i] = new string(chars);
        }

        return words;
    }
}
