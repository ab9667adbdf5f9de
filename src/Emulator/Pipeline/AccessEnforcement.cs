using LoadTest.Config;
using LoadTest.Core.Access;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Pipeline;

/// <summary>
/// The access stage: with <c>emulator.iam</c> set, a call the policies and SCPs would refuse is
/// answered AccessDeniedException 403 in IAM's wording before its body is read, as Bedrock
/// authorizes before it validates, so a rehearsal fails the way the launch would. The verdict is
/// the same evaluation <c>loadtest preflight</c> prints (<see cref="AccessPolicySet"/>), cached per
/// model and operation. CountTokens is not authorized here: it draws no quota and the preflight
/// does not cover it.
/// </summary>
internal sealed class AccessEnforcement(IamSettings iam, string sourceRegion)
{
    /// <summary>
    /// The 403 for a call the policies refuse at <paramref name="now"/> (the emulator's clock:
    /// time-boxed access expires on it) from <paramref name="remote"/> (the connection's address,
    /// <c>aws:SourceIp</c> unless <c>emulator.iam.sourceIp</c> says otherwise), or null.
    /// </summary>
    public BedrockError? Refusal(EmulatedModel model, BedrockOperation operation, DateTimeOffset now, System.Net.IPAddress? remote)
    {
        if (operation == BedrockOperation.CountTokens)
        {
            return null;
        }

        var call = new BedrockCall(model.Id, operation, sourceRegion, iam.Account, model.MadeFrom);
        var origin = new RequestOrigin(now, iam.SourceIp switch
        {
            SourceIpSetting.Connection => remote is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : remote,
            SourceIpSetting.Given => iam.GivenSourceIp,
            _ => null,
        }, iam.Via);
        return iam.Policies.Authorize(call, origin).AccessDeniedMessage(iam.PrincipalArn) is { } message
            ? new BedrockError(403, BedrockErrors.AccessDenied, message)
            : null;
    }
}
