using LoadTest.Core;
using LoadTest.Import;
using LoadTest.Results;

namespace LoadTest.Planner;

/// <summary>
/// An import folder (written by `loadtest import`) as the planner takes it: its import.json,
/// read through the import's own codec (<see cref="ImportJson"/>).
/// </summary>
public sealed record ImportFolder(string Directory, ImportReport Report)
{
    public string JsonPath => Path.Combine(Directory, Importer.JsonFile);

    /// <summary>
    /// True when <paramref name="directory"/> is an import folder (import.json or import.md, and no
    /// <see cref="ResultsDirectory.RequestsFile"/>), false when it is a run's results folder. A folder with neither a run's
    /// <see cref="ResultsDirectory.RequestsFile"/> nor an import's files is a <see cref="ConfigException"/> saying which files were expected.
    /// </summary>
    public static bool Recognise(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ConfigException($"{directory}: no such results directory or import folder");
        }

        if (File.Exists(Path.Combine(directory, ResultsDirectory.RequestsFile)))
        {
            return false;
        }

        if (File.Exists(Path.Combine(directory, Importer.JsonFile)) || File.Exists(Path.Combine(directory, Importer.MarkdownFile)))
        {
            return true;
        }

        throw new ConfigException(
            $"{directory}: neither {ResultsDirectory.RequestsFile} (a run's results, from 'loadtest run') nor {Importer.JsonFile} (an import, from 'loadtest import') is here");
    }

    /// <summary>Reads the folder's import.json; missing or corrupt is a <see cref="ConfigException"/> naming the file.</summary>
    public static ImportFolder Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new ImportFolder(directory, ImportJson.Read(Path.Combine(directory, Importer.JsonFile)));
    }
}
