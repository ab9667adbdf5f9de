using System.Text;

namespace LoadTest.Results;

/// <summary>Writes a whole file through a temporary name, so a reader (or a killed run) never sees half of it.</summary>
public static class AtomicFile
{
    public static void Write(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
