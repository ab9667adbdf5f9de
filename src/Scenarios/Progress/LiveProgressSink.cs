using System.Globalization;
using LoadTest.Scenarios.Measurement;
using Spectre.Console;

namespace LoadTest.Scenarios.Progress;

/// <summary>
/// For an interactive terminal: a small Spectre.Console table redrawn in place once a second
/// (phase, elapsed/total, offered vs achieved RPM, in-flight, p95 TTFT, throttles, quota TPM vs limit).
/// </summary>
public sealed class LiveProgressSink : IProgressSink, IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProgressSnapshot? _latest;
    private Task? _display;

    public LiveProgressSink(IAnsiConsole console)
    {
        _console = console ?? throw new ArgumentNullException(nameof(console));
    }

    public void Report(ProgressSnapshot snapshot)
    {
        lock (_gate)
        {
            _latest = snapshot;
            _display ??= Task.Run(ShowAsync);
        }
    }

    public void Complete()
    {
        _done.TrySetResult();
        Task? display;
        lock (_gate)
        {
            display = _display;
        }

        // Bounded: the display loop ends within one refresh of Complete.
        display?.Wait(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => Complete();

    private async Task ShowAsync()
    {
        await _console.Live(Render()).AutoClear(false).StartAsync(async ctx =>
        {
            while (!_done.Task.IsCompleted)
            {
                ctx.UpdateTarget(Render());
                ctx.Refresh();
                await Task.WhenAny(_done.Task, Task.Delay(500));
            }

            ctx.UpdateTarget(Render());
            ctx.Refresh();
        });
    }

    private Table Render()
    {
        ProgressSnapshot? s;
        lock (_gate)
        {
            s = _latest;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("run").AddColumn("now");
        if (s is null)
        {
            return table.AddRow("starting", "");
        }

        var quota = s.QuotaTpmLimit is > 0 and var limit
            ? $"{ProgressText.Compact(s.QuotaTpm)} / {ProgressText.Compact(limit)} ({(s.QuotaTpm / limit).ToString("P0", CultureInfo.InvariantCulture)})"
            : ProgressText.Compact(s.QuotaTpm);
        table.AddRow("scenario", Markup.Escape(s.Scenario));
        table.AddRow("phase", Markup.Escape(s.Draining ? "draining in-flight requests" : $"{s.PhaseIndex + 1}/{s.PhaseCount} {s.Phase}"));
        table.AddRow("elapsed", $"{ProgressText.Clock(s.Elapsed)} / {ProgressText.Clock(s.Total)}");
        table.AddRow("rpm offered / achieved", string.Create(CultureInfo.InvariantCulture, $"{s.OfferedRpm:0} / {s.AchievedRpm:0}"));
        table.AddRow("in flight", s.InFlight.ToString(CultureInfo.InvariantCulture));
        table.AddRow("p95 ttft", string.Create(CultureInfo.InvariantCulture, $"{s.TtftP95Ms:0} ms"));
        table.AddRow("ok / throttled / failed / dropped", string.Create(CultureInfo.InvariantCulture, $"{s.Ok} / {ProgressText.Throttled(s)} / {s.Failed} / {s.Dropped}"));
        table.AddRow("quota tpm", quota);
        if (s.Harness is { } h)
        {
            var lag = string.Create(CultureInfo.InvariantCulture, $"lag {h.LagMs:0.#} ms, cpu {h.Cpu:P0}");
            table.AddRow("harness", h.Saturated ? $"[red bold]SATURATED[/] {lag}" : $"ok, {lag}");
        }

        return table;
    }
}
