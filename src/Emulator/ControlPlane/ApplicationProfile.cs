using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.ControlPlane;

/// <summary>
/// One application inference profile: declared under <c>models:</c> with a <c>target:</c>, or
/// created through CreateInferenceProfile. <see cref="Source"/> is the model or system-defined
/// profile it copies, whose routing, quota and capacity it shares.
/// </summary>
internal sealed record ApplicationProfile(
    string Id,
    string Arn,
    string Name,
    string? Description,
    string CopyFrom,
    EmulatedModel Source,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ClientRequestToken);
