using System.Diagnostics;
using System.Globalization;
using LoadTest.Bench.Pacing;

// Two modes, both bounded in time:
//   client  PORT STREAMS SECONDS RAMP_SECONDS TOKENS  - N raw-socket ConverseStream readers; prints one key=value line
//   analyze TIMING_LOG SINCE_US                        - the emulator's own gaps and lateness from its timing log
// Timestamps are Stopwatch ticks: on Linux CLOCK_MONOTONIC, the clock the emulator's timing log uses too.
if (args.Length >= 6 && args[0] == "client")
{
    var inv = CultureInfo.InvariantCulture;
    var port = int.Parse(args[1], inv);
    var streams = int.Parse(args[2], inv);
    var seconds = double.Parse(args[3], inv);
    var ramp = double.Parse(args[4], inv);
    var tokens = int.Parse(args[5], inv);
    var result = await StreamClient.RunAsync(port, streams, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(ramp), tokens);
    Console.WriteLine(result);
    return 0;
}

if (args.Length >= 3 && args[0] == "analyze")
{
    Console.WriteLine(TimingLogAnalysis.Run(args[1], long.Parse(args[2], CultureInfo.InvariantCulture)));
    return 0;
}

Console.Error.WriteLine("usage: PacingBench client PORT STREAMS SECONDS RAMP_SECONDS TOKENS | analyze TIMING_LOG SINCE_US");
Console.Error.WriteLine($"(Stopwatch frequency {Stopwatch.Frequency})");
return 2;
