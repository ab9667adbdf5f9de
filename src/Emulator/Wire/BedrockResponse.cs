using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Wire;

/// <summary>What every answer shares on the wire: the request ID, the serving Region, the JSON error body.</summary>
internal static class BedrockResponse
{
    public const string InferenceRegionHeader = "x-loadtest-inference-region";
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    /// <summary>Status 200, the content type, the request ID and the Region that served it.</summary>
    public static void SetSuccessHeaders(Invocation inv, string contentType)
    {
        var response = inv.Http.Response;
        response.StatusCode = 200;
        response.ContentType = contentType;
        var headers = response.Headers;
        headers[RequestIdHeader] = inv.RequestId;
        headers[InferenceRegionHeader] = inv.InferenceRegion;
    }

    /// <summary><c>{"message": ...}</c> with <c>x-amzn-ErrorType</c>.</summary>
    public static Task WriteErrorAsync(HttpContext http, BedrockError error, string requestId)
    {
        var response = http.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        response.Headers[ErrorTypeHeader] = error.Type;
        response.Headers[RequestIdHeader] = requestId;
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody { Message = error.Message }, BedrockJsonContext.Default.ErrorBody);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    /// <summary>A whole JSON body with its Content-Length.</summary>
    public static Task WriteJsonAsync<T>(HttpContext http, T value, JsonTypeInfo<T> type)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, type);
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
