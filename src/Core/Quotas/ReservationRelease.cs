namespace LoadTest.Core.Quotas;

/// <summary>When the unused part of a request's reservation goes back to the quota.</summary>
public enum ReservationRelease
{
    /// <summary>In step with the output as it is generated (AWS's description), then settled at completion.</summary>
    Progressive,

    /// <summary>Held whole until the request completes, then settled (the emulator's rule before AWS's description).</summary>
    AtCompletion,
}
