using LoadTest.Core.Quotas;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Admission;

/// <summary>
/// The admission stage of a request: the prompt cache decides which input tokens are read,
/// written or charged in full, the quota reservation is made from them by the
/// <see cref="ReservationPolicy"/>, and <see cref="AdmissionController"/> admits against quotas
/// and Regional capacity. Under progressive release the unused reservation goes back in
/// <see cref="ReleaseSteps"/> steps as the output is generated (a lock per step, not per token).
/// At the end what is still held is settled to what was consumed, and a complete answer's cache
/// prefixes are remembered.
/// </summary>
internal sealed class RequestAdmission
{
    private readonly AdmissionController _controller;
    private readonly PromptCache _cache;
    /// <summary>Releases per request under progressive release: enough to free most of an over-reservation early, few enough to keep the quota lock cold.</summary>
    public const int ReleaseSteps = 4;

    private readonly ReservationPolicy _reservation;

    public RequestAdmission(AdmissionController controller, PromptCache cache, ReservationPolicy reservation)
    {
        _controller = controller;
        _cache = cache;
        _reservation = reservation;
    }

    /// <summary>Sets the request's cache usage and input tokens, then reserves quota and a Region slot.</summary>
    public AdmissionTicket TryAdmit(Invocation inv, double nowSeconds)
    {
        var model = inv.Model;
        inv.Cache = _cache.Evaluate(model.Id, inv.Scan.Prefixes, nowSeconds);
        inv.InputTokens = Math.Max(0, inv.Scan.Tokens - inv.Cache.ReadTokens - inv.Cache.WriteTokens);
        var reserved = QuotaCost.Reserved(inv.InputTokens, inv.Cache.WriteTokens, inv.MaxTokens, model.Burndown, _reservation);
        var ticket = _controller.TryAdmit(model, reserved, nowSeconds);
        inv.Ticket = ticket;
        inv.Released = 0;
        inv.NextRelease = int.MaxValue;
        return ticket;
    }

    /// <summary>
    /// Once the output is planned: the output count at which the first release is due, or none
    /// when the policy releases at completion or nothing is over-reserved.
    /// </summary>
    public void PlanRelease(Invocation inv)
    {
        var full = QuotaCost.Released(inv.Ticket.Reserved, inv.InputTokens, inv.Cache.WriteTokens, inv.OutputTokens, inv.OutputTokens, _reservation);
        inv.NextRelease = inv.Ticket.Admitted && full > 0 ? NextStep(inv.OutputTokens, 0) : int.MaxValue;
    }

    /// <summary>
    /// Gives back the part of the unused reservation due once <paramref name="generated"/> output
    /// tokens exist, and sets the next step. Called by the generation loop when it passes
    /// <see cref="Invocation.NextRelease"/>.
    /// </summary>
    public void Release(Invocation inv, int generated, double nowSeconds)
    {
        var due = QuotaCost.Released(inv.Ticket.Reserved, inv.InputTokens, inv.Cache.WriteTokens, inv.OutputTokens, generated, _reservation);
        if (due > inv.Released)
        {
            AdmissionController.Release(inv.Ticket, due - inv.Released, nowSeconds);
            inv.Released = due;
        }

        inv.NextRelease = generated >= inv.OutputTokens ? int.MaxValue : NextStep(inv.OutputTokens, generated);
    }

    /// <summary>The first step boundary after <paramref name="generated"/>: a multiple of output / steps, the last one the whole output.</summary>
    private static int NextStep(int outputTokens, int generated)
    {
        var step = Math.Max(1, (outputTokens + ReleaseSteps - 1) / ReleaseSteps);
        return Math.Min(outputTokens, ((generated / step) + 1) * step);
    }

    /// <summary>The answer to a request that was not admitted.</summary>
    public static BedrockError Refusal(AdmissionStatus status) => status switch
    {
        AdmissionStatus.TooManyRequests => new(429, BedrockErrors.Throttling, BedrockErrors.TooManyRequests),
        AdmissionStatus.TooManyTokens => new(429, BedrockErrors.Throttling, BedrockErrors.TooManyTokens),
        _ => new(503, BedrockErrors.ServiceUnavailable, BedrockErrors.Unavailable),
    };

    /// <summary>Frees the slot, settles the reservation and returns the quota tokens consumed.</summary>
    /// <param name="answered">True when the whole answer was sent; only then are its cache prefixes remembered.</param>
    public long Complete(Invocation inv, in AdmissionTicket ticket, bool answered, double nowSeconds)
    {
        var consumed = QuotaCost.Consumed(inv.InputTokens, inv.Cache.WriteTokens, inv.OutputSent, inv.Model.Burndown);
        _controller.Complete(ticket, consumed, nowSeconds, inv.Released);
        if (answered && inv.CacheUsed)
        {
            _cache.Remember(inv.Model.Id, inv.Scan.Prefixes, nowSeconds);
        }

        return consumed;
    }
}
