using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Sits directly inside the SDK's retry handler: every pass it sees has already been granted a
/// send token by the adaptive rate limiter (when adaptive mode is on). It remembers the exception
/// that ended each pass, so an exception that leaves the retry handler without having been seen
/// here was thrown by the retry handler itself: the rate limiter refusing to send.
/// </summary>
internal sealed class RetryLoopObserver : PipelineHandler
{
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        if (executionContext.RequestContext.OriginalRequest is not BedrockOperationRequest call)
        {
            return await base.InvokeAsync<T>(executionContext);
        }

        call.RetryLoopPasses++;
        call.LastPassFailure = null;
        try
        {
            return await base.InvokeAsync<T>(executionContext);
        }
        catch (Exception e)
        {
            call.LastPassFailure = e;
            throw;
        }
    }

    public override void InvokeSync(IExecutionContext executionContext)
        => throw new NotSupportedException("The Bedrock client is asynchronous only.");
}

/// <summary>Sits directly inside the SDK's signer: a pass that reaches it was signed (credentials were obtained).</summary>
internal sealed class SignedObserver : PipelineHandler
{
    public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        if (executionContext.RequestContext.OriginalRequest is BedrockOperationRequest call)
        {
            call.SignedPasses++;
        }

        return base.InvokeAsync<T>(executionContext);
    }

    public override void InvokeSync(IExecutionContext executionContext)
        => throw new NotSupportedException("The Bedrock client is asynchronous only.");
}
