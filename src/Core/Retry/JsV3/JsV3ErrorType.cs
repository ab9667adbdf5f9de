namespace LoadTest.Core.Retry.JsV3;

/// <summary>The JS v3 retry strategy's RetryErrorType: the first rule that matches wins, in this order.</summary>
public enum JsV3ErrorType
{
    /// <summary>"THROTTLING": status 429, a throttling error code, or the throttling trait. Retried.</summary>
    Throttling,

    /// <summary>"TRANSIENT": retryable trait, transient codes, 500/502/503/504, timeouts, network errors. Retried.</summary>
    Transient,

    /// <summary>"SERVER_ERROR": any other 5xx. Not retried.</summary>
    ServerError,

    /// <summary>"CLIENT_ERROR": everything else. Not retried.</summary>
    ClientError,
}
