using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Bedrock Runtime offers SigV4 only (signing name "bedrock"). Resolving the identity is the
/// first place a call can fail without Bedrock ever hearing of it (no credentials in the default
/// chain, an expired SSO token); the call is marked so the failure is reported as such.
/// </summary>
internal sealed class BedrockAuthSchemeHandler : BaseAuthResolverHandler
{
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        try
        {
            await PreInvokeAsync(executionContext).ConfigureAwait(false);
        }
        catch (Exception) when (executionContext.RequestContext.OriginalRequest is BedrockOperationRequest call && MarkFailed(call))
        {
            throw;
        }

        return await (InnerHandler ?? throw new InvalidOperationException("The auth handler has no inner handler.")).InvokeAsync<T>(executionContext).ConfigureAwait(false);
    }

    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
        => AuthSchemeOption.DEFAULT_SIGV4;

    // Used as an exception filter so the original exception and stack pass through untouched.
    private static bool MarkFailed(BedrockOperationRequest call)
    {
        call.IdentityResolutionFailed = true;
        return true;
    }
}
