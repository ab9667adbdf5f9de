namespace LoadTest.Core.Retry;

/// <summary>The AWS SDK family whose retry behaviour the harness imitates (see docs/retry.md).</summary>
public enum SdkFamily
{
    /// <summary>AWS SDK for .NET: AWSSDK.Core's own retry handler and rate limiter, unchanged.</summary>
    Dotnet,

    /// <summary>AWS SDK for Python (boto3 / botocore).</summary>
    Botocore,

    /// <summary>AWS SDK for JavaScript v3 (@smithy/util-retry).</summary>
    JsV3,

    /// <summary>AWS SDK for Java 2.x.</summary>
    JavaV2,
}

/// <summary>The one spelling of <see cref="SdkFamily"/> in scenarios.yaml, on the command line and in result files.</summary>
public static class SdkFamilyText
{
    public const string Expected = "dotnet, botocore, js-v3 or java-v2";

    public static bool TryParse(string? text, out SdkFamily sdk)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "dotnet" or ".net":
                sdk = SdkFamily.Dotnet;
                return true;
            case "botocore" or "boto3" or "python":
                sdk = SdkFamily.Botocore;
                return true;
            case "js-v3" or "javascript" or "js":
                sdk = SdkFamily.JsV3;
                return true;
            case "java-v2" or "java":
                sdk = SdkFamily.JavaV2;
                return true;
            default:
                sdk = default;
                return false;
        }
    }

    /// <summary>Parses, or throws a <see cref="ConfigException"/> naming <paramref name="where"/> (e.g. "--sdk").</summary>
    public static SdkFamily Parse(string text, string where)
        => TryParse(text, out var sdk) ? sdk : throw new ConfigException($"{where} should be {Expected}, got '{text}'");

    public static string ToText(SdkFamily sdk) => sdk switch
    {
        SdkFamily.Dotnet => "dotnet",
        SdkFamily.Botocore => "botocore",
        SdkFamily.JsV3 => "js-v3",
        SdkFamily.JavaV2 => "java-v2",
        _ => throw new ArgumentOutOfRangeException(nameof(sdk), sdk, null),
    };
}
