using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>Pipeline handler mapping the client config to endpoint parameters (Region, Endpoint).</summary>
internal sealed class BedrockEndpointResolver : BaseEndpointResolver
{
    public static EndpointParameters Parameters(IClientConfig config)
    {
        var parameters = new EndpointParameters();
        parameters["Region"] = config.AuthenticationRegion ?? config.RegionEndpoint?.SystemName;
        parameters["UseFIPS"] = config.UseFIPSEndpoint;
        parameters["UseDualStack"] = config.UseDualstackEndpoint;
        parameters["Endpoint"] = config.ServiceURL;
        return parameters;
    }

    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
        => Parameters(requestContext.ClientConfig);
}
