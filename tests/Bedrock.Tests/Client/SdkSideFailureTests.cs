using LoadTest.Core.Access;
using LoadTest.Core.Errors;
using LoadTest.Core;
using System.Net;
using Amazon.Runtime;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Client.Internal;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>Failures the SDK produces before Bedrock answers are named by what failed, never by a generic code.</summary>
public sealed class SdkSideFailureTests
{
    [Fact]
    public async Task Credentials_that_fail_to_refresh_are_SigningFailed_and_not_mistaken_for_a_Bedrock_error()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Json(ctx, Wire.ConverseJson));
        using var client = new BedrockRuntimeClient(new BedrockClientOptions
        {
            ServiceUrl = server.Url,
            RetryMode = RetryMode.Standard,
            MaxAttempts = 3,
            Credentials = new RefusingCredentials(),
        });

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        // STS's 400 ExpiredToken is not Bedrock's answer: no status, nothing sent, the SDK's reason kept.
        Assert.Equal(BedrockClientErrorCodes.SigningFailed, e.ErrorCode);
        Assert.Null(e.StatusCode);
        Assert.Equal(0, e.Report.AttemptCount);
        Assert.Equal(0, server.RequestCount);
        Assert.StartsWith($"Converse {TestClients.GlobalSonnet}: SigningFailed: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", e.Message, StringComparison.Ordinal);
        Assert.Contains("The security token included in the request is expired", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_the_default_chain_cannot_resolve_is_CredentialsUnavailable()
    {
        var call = NewCall();
        call.IdentityResolutionFailed = true;

        var (code, message) = SdkFailures.Classify(call, new AmazonClientException("Failed to resolve AWS credentials."), CancellationToken.None);

        Assert.Equal(BedrockClientErrorCodes.CredentialsUnavailable, code);
        Assert.Contains("nothing was sent", message, StringComparison.Ordinal);
        Assert.Contains("Failed to resolve AWS credentials.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_exception_without_a_matching_attempt_is_not_a_Bedrock_error_response()
    {
        var call = NewCall();
        var sts = new AmazonServiceException("denied", null, ErrorType.Sender, "AccessDenied", "sts-1", HttpStatusCode.Forbidden);
        Assert.False(SdkFailures.IsBedrockErrorResponse(call, sts));

        call.Report.AddAttempt(new AttemptRecord(1, 403, "AccessDeniedException", TimeSpan.FromMilliseconds(5)));
        Assert.True(SdkFailures.IsBedrockErrorResponse(call, sts));
    }

    [Fact]
    public void An_unrecognised_sdk_exception_keeps_its_type_and_text_in_the_message()
    {
        var (code, message) = SdkFailures.Classify(NewCall(), new AmazonClientException("something new"), CancellationToken.None);

        Assert.Equal(BedrockClientErrorCodes.UnclassifiedSdkError, code);
        Assert.Contains("AmazonClientException: something new", message, StringComparison.Ordinal);
    }

    private static BedrockOperationRequest NewCall()
        => new(BedrockOperation.Converse, TestClients.GlobalSonnet, Array.Empty<byte>(), new CallReport(), TimeProvider.System, TimeProvider.System.GetTimestamp());

    /// <summary>Credentials whose refresh fails the way an expired STS session does.</summary>
    private sealed class RefusingCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials()
            => throw new AmazonServiceException("The security token included in the request is expired", null, ErrorType.Sender, "ExpiredToken", "sts-req", HttpStatusCode.BadRequest);

        public override Task<ImmutableCredentials> GetCredentialsAsync()
            => Task.FromException<ImmutableCredentials>(new AmazonServiceException("The security token included in the request is expired", null, ErrorType.Sender, "ExpiredToken", "sts-req", HttpStatusCode.BadRequest));
    }
}
