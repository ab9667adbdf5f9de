namespace LoadTest.Emulator.Wire;

/// <summary>
/// How one operation's answer goes on the wire: a whole JSON body (<see cref="JsonResponseEncoder"/>)
/// or an event stream of deltas (<see cref="EventStreamEncoder"/>). Encoders only encode; when each
/// byte goes out is the pacing stage's decision.
/// </summary>
internal abstract class ResponseEncoder
{
    private protected ResponseEncoder()
    {
    }
}
