namespace LoadTest.Cli.Tests;

/// <summary>The repository checkout the tests run from (the folder holding LoadTest.sln).</summary>
internal static class RepositoryRoot
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LoadTest.sln")))
            {
                return System.IO.Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("LoadTest.sln not found above " + AppContext.BaseDirectory);
    }
}
