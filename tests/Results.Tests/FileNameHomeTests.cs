using LoadTest.Results;

namespace LoadTest.Results.Tests;

/// <summary>Each result file's name is written once in the source: in <see cref="ResultsDirectory"/>.</summary>
public sealed class FileNameHomeTests
{
    [Theory]
    [InlineData(ResultsDirectory.SummaryFile)]
    [InlineData(ResultsDirectory.RequestsFile)]
    [InlineData(ResultsDirectory.TimeseriesFile)]
    public void The_name_appears_as_a_literal_in_exactly_one_source_file(string name)
    {
        var src = Path.Combine(RepoRoot(), "src");
        var holders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(name, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();

        Assert.Equal([Path.Combine("Results", "ResultsDirectory.cs")], holders);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoadTest.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("LoadTest.sln not found above " + AppContext.BaseDirectory);
    }
}
