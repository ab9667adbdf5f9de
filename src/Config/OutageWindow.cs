namespace LoadTest.Config;

/// <summary>
/// A destination Region that serves nothing between <see cref="From"/> and <see cref="To"/>,
/// both measured from the emulator's start. Requests route around it; when no allowed Region is
/// left the answer is ServiceUnavailableException.
/// </summary>
public sealed record OutageWindow(string Region, TimeSpan From, TimeSpan To);
