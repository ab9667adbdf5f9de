namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Sends one planned request and reports what happened. Must not throw for a failed request: a
/// failure is a <see cref="SendResult"/> with its outcome. Called concurrently by every virtual user.
/// </summary>
public interface IRequestSender
{
    Task<SendResult> SendAsync(PlannedRequest request, CancellationToken cancellationToken);
}
