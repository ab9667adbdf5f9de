using Amazon.Runtime.Endpoints;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Resolves the endpoint from the parameters <see cref="BedrockEndpointResolver"/> maps: the
/// client always sets ServiceURL (explicit, from the environment, or the regional default), so
/// the rule set of the real service collapses to "use that URL".
/// </summary>
internal sealed class BedrockEndpointProvider : IEndpointProvider
{
    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        if (parameters["Endpoint"] is string url && url.Length > 0)
        {
            return new Endpoint(url);
        }

        var region = parameters["Region"] as string ?? "us-east-1";
        return new Endpoint($"https://bedrock-runtime.{region}.amazonaws.com");
    }
}
