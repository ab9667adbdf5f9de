using LoadTest.Core;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LoadTest.Config;

/// <summary>
/// A position-aware view of one YAML node: typed getters that fail with a
/// <see cref="ConfigException"/> naming the file, line, column and what was expected. Every
/// section of scenarios.yaml (models, emulator, target, workloads, scenarios) is read through it.
/// </summary>
internal sealed class YamlNodeReader
{
    public YamlNodeReader(YamlNode node, string? file, string path)
    {
        Node = node;
        File = file;
        Path = path;
    }

    public YamlNode Node { get; }

    public string? File { get; }

    /// <summary>Where the node sits in the document, e.g. <c>models[2].tpm</c>.</summary>
    public string Path { get; }

    public long Line => Node.Start.Line;

    public long Column => Node.Start.Column;

    /// <summary>
    /// Parses YAML text: a syntax error, and anything over <see cref="YamlLimits"/> (nesting, alias
    /// expansion, size), becomes a <see cref="ConfigException"/> with its position. An empty
    /// document is refused: nothing in it could be meant.
    /// </summary>
    public static YamlNodeReader Load(string text, string? file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            YamlLimits.Check(text, file);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, e.Start.Line, e.Start.Column, "invalid YAML: " + YamlLimits.TrimMessage(e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // Not seen once the pre-scan passed, but YamlDotNet's node builder must not crash the process either.
            throw new ConfigException(file, 1, 1, "invalid YAML: " + e.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: "" or null, Style: ScalarStyle.Plain })
        {
            throw new ConfigException(file, 1, 1, "the file is empty; expected a mapping with target, models, workloads and scenarios (docs/scenarios.md)");
        }

        return new YamlNodeReader(stream.Documents[0].RootNode, file, "");
    }

    /// <summary>Reads a config file (see <see cref="ConfigFile"/> for what is refused before parsing) and parses it.</summary>
    public static YamlNodeReader LoadFile(string file) => Load(ConfigFile.ReadText(file), file);

    public ConfigException Error(string message) => new(File, Line, Column, message);

    public bool IsNull => Node is YamlScalarNode { Value: null or "" or "null" or "~" } s && s.Style == YamlDotNet.Core.ScalarStyle.Plain;

    public bool IsMapping => Node is YamlMappingNode;

    public bool IsSequence => Node is YamlSequenceNode;

    public bool IsScalar => Node is YamlScalarNode;

    /// <summary>The keys of a mapping, in document order.</summary>
    public IReadOnlyList<string> Keys() => AsMapping().Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? throw new YamlNodeReader(k, File, Path).Error("a key should be a plain name")).ToList();

    /// <summary>The entries of a mapping, in document order.</summary>
    public IEnumerable<(string Key, YamlNodeReader Value)> Entries()
    {
        foreach (var (k, v) in AsMapping().Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? throw new YamlNodeReader(k, File, Path).Error("expected a plain key");
            yield return (key, new YamlNodeReader(v, File, Join(key)));
        }
    }

    public YamlNodeReader? Optional(string key)
    {
        var map = AsMapping();
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: var name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                var child = new YamlNodeReader(v, File, Join(key));
                return child.IsNull ? null : child;
            }
        }

        return null;
    }

    /// <summary>
    /// The key itself, not its value, when the mapping has it (whatever the value, null included):
    /// for an error about the key being there at all.
    /// </summary>
    public YamlNodeReader? KeyOf(string key)
    {
        foreach (var (k, _) in AsMapping().Children)
        {
            if (k is YamlScalarNode { Value: var name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return new YamlNodeReader(k, File, Join(key));
            }
        }

        return null;
    }

    public YamlNodeReader Required(string key)
        => Optional(key) ?? throw Error($"'{Describe()}' needs the key '{key}'");

    /// <summary>Fails on the first key not in <paramref name="allowed"/>, pointing at that key and naming the nearest allowed one.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var (k, _) in AsMapping().Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new YamlNodeReader(k, File, Path).Error(
                    $"unknown key '{name}' in '{Describe()}'{NearestName.Hint(name, allowed)} (expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    public IReadOnlyList<YamlNodeReader> Items()
    {
        if (Node is not YamlSequenceNode seq)
        {
            throw Error($"'{Describe()}' should be a list");
        }

        return seq.Children.Select((n, i) => new YamlNodeReader(n, File, $"{Path}[{i}]")).ToList();
    }

    public string AsString()
    {
        if (Node is not YamlScalarNode { Value: { } v })
        {
            throw Error($"'{Describe()}' should be a single value");
        }

        return v;
    }

    /// <summary>
    /// A file path, relative to scenarios.yaml's folder (or the working folder for text without a
    /// file), that must exist now: the full path, or an error naming what was looked for.
    /// </summary>
    public string AsExistingFile(string what)
    {
        var name = AsString();
        var folder = File is { } config ? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(config)) ?? "." : Directory.GetCurrentDirectory();
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, name));
        if (!System.IO.File.Exists(path))
        {
            throw Error($"{what} '{name}' not found (looked for {path}; a relative path counts from scenarios.yaml's folder)");
        }

        return path;
    }

    public long AsLong(long min = long.MinValue, long max = long.MaxValue)
    {
        var s = AsString().Replace("_", "", StringComparison.Ordinal);
        if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
            {
                v = (long)d;
            }
            else
            {
                throw Error($"'{Describe()}' should be a whole number, got '{AsString()}'");
            }
        }

        if (v < min || v > max)
        {
            throw Error($"'{Describe()}' should be between {min} and {max}, got {v}");
        }

        return v;
    }

    public double AsDouble(double min = double.MinValue, double max = double.MaxValue)
    {
        var s = AsString().Replace("_", "", StringComparison.Ordinal);
        var percent = s.EndsWith('%');
        if (percent)
        {
            s = s[..^1];
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw Error($"'{Describe()}' should be a number, got '{AsString()}'");
        }

        if (percent)
        {
            v /= 100;
        }

        if (v < min || v > max)
        {
            throw Error($"'{Describe()}' should be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {AsString()}");
        }

        return v;
    }

    public bool AsBool()
    {
        return AsString().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw Error($"'{Describe()}' should be true or false, got '{other}'"),
        };
    }

    public TimeSpan AsDuration()
    {
        var s = AsString();
        return DurationText.TryParse(s, out var d)
            ? d
            : throw Error($"'{Describe()}' should be {DurationText.Expected(s)}, got '{s}'");
    }

    public IReadOnlyList<string> AsStrings()
    {
        if (Node is YamlScalarNode)
        {
            return [AsString()];
        }

        return Items().Select(i => i.AsString()).ToList();
    }

    public YamlMappingNode AsMapping()
        => Node as YamlMappingNode ?? throw Error($"'{Describe()}' should be a mapping of keys to values");

    private string Describe() => Path.Length == 0 ? "(top level)" : Path;

    private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";
}
