using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Admission;

/// <summary>An admitted request: the Region slot it holds and the quota tokens it reserved.</summary>
internal readonly record struct AdmissionTicket(AdmissionStatus Status, EmulatedModel? Model, int Region, long Reserved)
{
    public bool Admitted => Status == AdmissionStatus.Admitted;
}
