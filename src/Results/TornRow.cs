namespace LoadTest.Results;

/// <summary>
/// The last row of a streamed file that the file ends inside: what a run killed mid-write leaves
/// (kill -9, power loss). The rows before it are whole and were read; this one was left out.
/// </summary>
public sealed record TornRow(string File, long Line, string Detail)
{
    public override string ToString() => $"{File}:{Line}: torn last row left out ({Detail})";
}
