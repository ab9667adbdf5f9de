using LoadTest.Core.Quotas;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Admission;

/// <summary>
/// The admission stage of a request: the prompt cache decides which input tokens are read,
/// written or charged in full, the quota reservation is made from them (with max_tokens and
/// burndown), and <see cref="AdmissionController"/> admits against quotas and Regional capacity.
/// At the end the reservation is settled to what was consumed, and a complete answer's cache
/// prefixes are remembered.
/// </summary>
internal sealed class RequestAdmission
{
    private readonly AdmissionController _controller;
    private readonly PromptCache _cache;
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
        return _controller.TryAdmit(model, reserved, nowSeconds);
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
        _controller.Complete(ticket, consumed, nowSeconds);
        if (answered && inv.CacheUsed)
        {
            _cache.Remember(inv.Model.Id, inv.Scan.Prefixes, nowSeconds);
        }

        return consumed;
    }
}
