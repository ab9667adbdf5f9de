using System.Text.RegularExpressions;

namespace LoadTest.Config.Tests;

/// <summary>
/// One file of the bad-input corpus (tests/Config.Tests/BadInput): its first line says where the
/// mistake is and what the message must say, <c># expect: LINE:COL fragment</c>, or
/// <c># expect at run: LINE:COL fragment</c> for a mistake the loader leaves to `loadtest run`
/// (gate expressions are parsed by the engine's gate grammar, not by the YAML loader).
/// </summary>
public sealed partial record BadInputCase(string Path, bool AtRun, long Line, long Column, string Fragment)
{
    public string Name => System.IO.Path.GetFileName(Path);

    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "LoadTest.sln")))
                {
                    return System.IO.Path.Combine(dir.FullName, "tests", "Config.Tests", "BadInput");
                }
            }

            throw new DirectoryNotFoundException("LoadTest.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static IReadOnlyList<string> Names()
        => System.IO.Directory.GetFiles(Directory, "*.yaml").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public static BadInputCase Read(string name)
    {
        var path = System.IO.Path.Combine(Directory, name);
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? "";
        var m = Header().Match(first);
        if (!m.Success)
        {
            throw new InvalidDataException($"{name}: the first line should be '# expect: LINE:COL fragment', got '{first}'");
        }

        return new BadInputCase(path, m.Groups["run"].Success, long.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), long.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["fragment"].Value);
    }

    [GeneratedRegex(@"^# expect(?<run> at run)?: (?<line>\d+):(?<col>\d+) (?<fragment>.+)$")]
    private static partial Regex Header();
}
