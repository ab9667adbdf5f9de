namespace LoadTest.Results.Tests;

/// <summary>A results folder under the temp directory, removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Folder = new ResultsDirectory(Directory.CreateTempSubdirectory("loadtest-results-").FullName);
    }

    public ResultsDirectory Folder { get; }

    public void Dispose() => Directory.Delete(Folder.Path, recursive: true);
}
