using System.Net.Http;
using System.Net.Sockets;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>Names failures that have no HTTP response: timeouts, resets, refused connections, caller cancellation.</summary>
internal static class TransportErrors
{
    public static string Classify(Exception exception, CancellationToken callerToken)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TimeoutException:
                    return ErrorCodes.Timeout;
                case OperationCanceledException:
                    return callerToken.IsCancellationRequested ? ErrorCodes.Canceled : ErrorCodes.Timeout;
                case Amazon.Runtime.EventStreams.EventStreamChecksumFailureException:
                case Amazon.Runtime.EventStreams.EventStreamParseException:
                    return ErrorCodes.EventStreamCorrupt;
                default:
                    break;
            }
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or SocketException)
            {
                return ErrorCodes.ConnectionError;
            }
        }

        return exception.GetType().Name;
    }
}
