using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Sits directly outside the SDK's HTTP handler, inside its retry handler, so it sees every
/// attempt the SDK actually sends (including retries the caller never hears about) and writes
/// each into the call's <see cref="CallReport"/>: status, AWS error type, elapsed to headers.
/// The time waited in the adaptive rate limiter and in back-off is not part of an attempt.
/// </summary>
internal sealed class AttemptObserver : PipelineHandler
{
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        if (executionContext.RequestContext.OriginalRequest is not BedrockOperationRequest call)
        {
            return await base.InvokeAsync<T>(executionContext);
        }

        var started = call.Time.GetTimestamp();
        var number = call.Report.AttemptCount + 1;
        try
        {
            var result = await base.InvokeAsync<T>(executionContext);
            var response = executionContext.ResponseContext.HttpResponse;
            OnHeaders(call, response);
            call.Report.AddAttempt(new AttemptRecord(number, (int?)response?.StatusCode, null, call.Time.GetElapsedTime(started)));
            return result;
        }
        catch (HttpErrorResponseException e)
        {
            OnHeaders(call, e.Response);
            var code = ErrorCodes.FromErrorTypeHeader(Header(e.Response, "x-amzn-ErrorType")) ?? ErrorCodes.FromStatus((int)e.Response.StatusCode);
            call.LastRetryAfter = long.TryParse(Header(e.Response, "x-amz-retry-after"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var retryAfterMs)
                ? TimeSpan.FromMilliseconds(retryAfterMs)
                : null;
            call.Report.AddAttempt(new AttemptRecord(number, (int)e.Response.StatusCode, code, call.Time.GetElapsedTime(started)));
            throw;
        }
        catch (Exception e)
        {
            var code = TransportErrors.Classify(e, executionContext.RequestContext.CancellationToken);
            call.Report.AddAttempt(new AttemptRecord(number, null, code, call.Time.GetElapsedTime(started)));
            throw;
        }
    }

    public override void InvokeSync(IExecutionContext executionContext)
        => throw new NotSupportedException("The Bedrock client is asynchronous only.");

    private static void OnHeaders(BedrockOperationRequest call, Amazon.Runtime.Internal.Transform.IWebResponseData? response)
    {
        // The last attempt to get headers wins: that is the response the caller sees.
        call.Report.TimeToFirstByte = call.SinceStart();
        if (response is null)
        {
            return;
        }

        call.Report.RequestId = Header(response, "x-amzn-RequestId") ?? call.Report.RequestId;
        call.Report.InferenceRegion = Header(response, "x-loadtest-inference-region");
    }

    private static string? Header(Amazon.Runtime.Internal.Transform.IWebResponseData response, string name)
        => response.IsHeaderPresent(name) ? response.GetHeaderValue(name) : null;
}
