using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>Bedrock Runtime offers SigV4 only (signing name "bedrock").</summary>
internal sealed class BedrockAuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
        => AuthSchemeOption.DEFAULT_SIGV4;
}
