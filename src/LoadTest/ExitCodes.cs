namespace LoadTest.Cli;

/// <summary>Exit codes, as the README documents them.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int RunFailed = 1;

    /// <summary>`preflight`: a call the policies would refuse.</summary>
    public const int Refused = 1;
    public const int BadInput = 2;
    public const int GateFailed = 99;
}
