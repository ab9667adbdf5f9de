using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// The SDK configuration of the Bedrock Runtime service (what the generated
/// AmazonBedrockRuntimeConfig would be): service name, version and signing name.
/// </summary>
internal sealed class BedrockRuntimeConfig : ClientConfig
{
    private static readonly string UserAgentText = InternalSDKUtils.BuildUserAgentString("loadtest-bedrock/1.0");

    public BedrockRuntimeConfig()
        : base(new DefaultConfigurationProvider(DefaultConfigurations()))
    {
        base.ServiceId = "Bedrock Runtime";
        AuthenticationServiceName = "bedrock";
        EndpointProvider = new BedrockEndpointProvider();
    }

    public override string ServiceVersion => "2023-09-30";

    public override string RegionEndpointServiceName => "bedrock-runtime";

    public override string UserAgent => UserAgentText;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        => EndpointProvider.ResolveEndpoint(BedrockEndpointResolver.Parameters(this));

    // The SDK's "standard" defaults mode with the timeouts left to the client options.
    private static IEnumerable<IDefaultConfiguration> DefaultConfigurations()
    {
        foreach (var mode in new[] { DefaultConfigurationMode.Standard, DefaultConfigurationMode.InRegion, DefaultConfigurationMode.CrossRegion, DefaultConfigurationMode.Mobile, DefaultConfigurationMode.Auto })
        {
            yield return new DefaultConfiguration { Name = mode, RetryMode = RequestRetryMode.Standard };
        }
    }
}
