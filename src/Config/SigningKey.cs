namespace LoadTest.Config;

/// <summary>
/// One access key the emulator accepts when it verifies Signature Version 4
/// (<c>emulator.verifySignature</c>). The secret never appears in <see cref="ToString"/>.
/// </summary>
public sealed record SigningKey(string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"SigningKey {{ AccessKeyId = {AccessKeyId} }}";
}
