namespace LoadTest.Emulator.Admission;

/// <summary>Whether a request got in, and if not which answer it gets.</summary>
internal enum AdmissionStatus
{
    Admitted,

    /// <summary>429 ThrottlingException "Too many tokens, please wait before trying again."</summary>
    TooManyTokens,

    /// <summary>429 ThrottlingException "Too many requests, please wait before trying again."</summary>
    TooManyRequests,

    /// <summary>503 ServiceUnavailableException: every allowed Region is full or down.</summary>
    NoCapacity,
}
