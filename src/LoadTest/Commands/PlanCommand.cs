using System.CommandLine;
using System.Globalization;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Core.Retry.Dotnet;
using LoadTest.Planner;
using LoadTest.Planner.Output;
using LoadTest.Planner.Requirements;
using LoadTest.Results;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest plan`: a capacity plan from a run's results or an import folder (--from), from a scenario's declared
/// workloads (--config with --scenario), or from plain numbers (--model, --rpm, --input-tokens, --output-tokens). Prints a table (or the plan as JSON with --json) and
/// writes plan.json, quota-request.md and throttling-curve.csv/.png/.svg to --out.
/// Exit 0 on success, 2 on bad flags or inputs.
/// </summary>
public static class PlanCommand
{
    /// <summary>The longest --timer-tick taken, in ms: Windows' default is 15.625, its slowest setting 100 Hz.</summary>
    private const double MaxTimerTickMs = 100;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string?>("--from") { Description = $"results directory of a run (reads {ResultsDirectory.RequestsFile} and {ResultsDirectory.SummaryFile}), or an import folder of 'loadtest import' (reads {LoadTest.Import.Importer.JsonFile}: plans from the recorded peak minute and busiest day)" };
        var model = new Option<string?>("--model") { Description = "model or inference-profile ID (plain numbers; with --from: plan only this model)" };
        var rpm = new Option<double?>("--rpm") { Description = "requests per minute today (plain numbers)" };
        var input = new Option<long?>("--input-tokens") { Description = "average input tokens per request" };
        var output = new Option<long?>("--output-tokens") { Description = "average output tokens per request" };
        var cacheWrite = new Option<long?>("--cache-write-tokens") { Description = "average cache-write input tokens per request" };
        var cacheRead = new Option<long?>("--cache-read-tokens") { Description = "average cache-read input tokens per request (cost only; not counted against quotas)" };
        var maxTokens = new Option<string?>("--max-tokens") { Description = "max_tokens per request (reserved at admission), or 'unset' when the requests send none (they reserve --default-max-tokens); left out: each request reserves what it outputs" };
        var quotaTpm = new Option<long?>("--quota-tpm") { Description = "current tokens-per-minute quota (quota tokens)" };
        var quotaRpm = new Option<long?>("--quota-rpm") { Description = "current requests-per-minute quota" };
        var quotaTpd = new Option<long?>("--quota-tpd") { Description = "current tokens-per-day quota (default: TPM x 1440)" };
        var peak = new Option<double?>("--peak-multiplier") { Description = "peak load over today's (default 1; festival peaks are 3-5)" };
        var peakRpm = new Option<double?>("--peak-rpm") { Description = "absolute peak requests per minute (instead of a multiplier)" };
        var growth = new Option<double?>("--growth") { Description = "growth by the peak (default 1; 1.5 = +50 %)" };
        var utilization = new Option<double?>("--target-utilization") { Description = "share of the quota the peak may use (default 1; 0.8 = 20 % headroom)" };
        var averageToPeak = new Option<double?>("--average-to-peak") { Description = "the day's average load over its peak, for tokens per day (default 1: a flat day at the peak; from an import: the recorded busiest day)" };
        var hourly = new Option<string?>("--hourly-profile") { Description = "24 comma-separated relative hourly loads, for tokens per day" };
        var config = new Option<string?>("--config") { Description = "scenarios.yaml whose models: give quotas, burndown and prices" };
        var scenarioName = new Option<string?>("--scenario") { Description = "plan a scenario of --config from its declared workloads (thinking, tools, sessions), before any run; --rpm then sets its arrivals per minute (sessions for session workloads; default: its busiest open-model phase)" };
        var outDir = new Option<string?>("--out") { Description = "output directory (default: <from>/plan, or ./plan)" };
        var json = new Option<bool>("--json") { Description = "print the plan as JSON instead of a table" };
        var quotaRegion = new Option<string?>("--quota-region") { Description = "Region where quota increases are requested (default us-east-1)" };
        var sdk = new Option<string?>("--sdk") { Description = $"SDK whose retry behaviour the throttling simulation uses: {SdkFamilyText.Expected} (default: the run's, else dotnet)" };
        var retryMode = new Option<string?>("--retry-mode") { Description = "retry mode in the throttling simulation: none, standard, adaptive (default: the run's, else standard)" };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = "attempts per request in the simulation (default: the run's, else 3)" };
        var timerTick = new Option<double?>("--timer-tick") { Description = $"timer tick of the application's host in ms, on which the .NET SDK's adaptive limiter waits wake (default: the run's measured tick, else {DotnetTimerClock.DefaultTickSeconds * 1000:0}; 1 on Linux with CONFIG_HZ=1000, 15.625 on Windows; 0 = an exact timer)" };
        var requestsPerPoint = new Option<int?>("--requests-per-point") { Description = "simulated requests per curve point (default 1,000,000)" };
        var seed = new Option<int?>("--seed") { Description = "random seed of the simulation and bootstrap (default 1)" };
        var noReserve = new Option<bool>("--no-max-tokens-reservation") { Description = "assume Bedrock reserves only input tokens at admission" };
        var rule = new Option<string?>("--reservation-rule") { Description = $"the reservation rule to start from: {ReservationPolicy.RuleExpected} (default aws: input + cache write + max_tokens without burndown, released as output is generated; legacy: max_tokens x burndown held to completion, 4,096 when unset)" };
        var burndownOnMax = new Option<bool?>("--burndown-on-max-tokens") { Description = "reserve max_tokens x burndown (true) or max_tokens alone (false; AWS's description)" };
        var release = new Option<string?>("--reservation-release") { Description = $"when unused reserved tokens go back: {ReservationPolicy.ReleaseExpected} (default progressive)" };
        var defaultMax = new Option<string?>("--default-max-tokens") { Description = $"max_tokens of a request that sends none: {ReservationPolicy.DefaultMaxTokensExpected} (default model-max)" };

        var command = new Command("plan", "Capacity plan: required RPM/TPM/TPD per inference profile, quota request, throttling curves.")
        {
            from, model, rpm, input, output, cacheWrite, cacheRead, maxTokens, quotaTpm, quotaRpm, quotaTpd, peak, peakRpm, growth,
            utilization, averageToPeak, hourly, config, scenarioName, outDir, json, quotaRegion, sdk, retryMode, maxAttempts, requestsPerPoint, seed, noReserve,
            rule, burndownOnMax, release, defaultMax, timerTick,
        };

        command.SetAction((parse, ct) =>
        {
            var settings = new PlanSettings
            {
                PeakMultiplier = parse.GetValue(peak) ?? 1,
                PeakRpm = parse.GetValue(peakRpm),
                Growth = parse.GetValue(growth) ?? 1,
                TargetUtilization = parse.GetValue(utilization) ?? 1,
                DailyShape = new DailyShape
                {
                    AverageToPeak = parse.GetValue(averageToPeak) ?? 1,
                    HourlyProfile = parse.GetValue(hourly) is { } h ? ParseHourly(h) : null,
                },
                QuotaRegion = parse.GetValue(quotaRegion) ?? "us-east-1",
                Reservation = ReservationOf(parse.GetValue(rule), parse.GetValue(noReserve), parse.GetValue(burndownOnMax), parse.GetValue(release), parse.GetValue(defaultMax)),
            };
            var sim = settings.Simulation with { Seed = parse.GetValue(seed) ?? 1 };
            if (parse.GetValue(requestsPerPoint) is { } n)
            {
                sim = sim with { RequestsPerPoint = n };
            }

            // The run's client, field by field under the flags: --sdk alone keeps the run's mode and attempts.
            var fromDir = parse.GetValue(from);
            var imported = fromDir is not null && ImportFolder.Recognise(fromDir) ? ImportFolder.Load(fromDir) : null;
            var run = fromDir is not null && imported is null ? RunResults.Load(fromDir) : null;
            var retry = run is not null ? PlanBuilder.RetryOf(run, sim.Retry) : sim.Retry;
            if (parse.GetValue(sdk) is { } sdkText)
            {
                retry = retry with { Sdk = SdkFamilyText.Parse(sdkText, "--sdk") };
            }

            if (parse.GetValue(retryMode) is { } mode)
            {
                var parsed = RetryModeText.Parse(mode, "--retry-mode");
                retry = retry with { Mode = parsed, FastFail = retry.FastFail && parsed == RetryMode.Adaptive };
            }

            if (parse.GetValue(maxAttempts) is { } attempts)
            {
                retry = retry with { MaxAttempts = attempts };
            }

            if (parse.GetValue(timerTick) is { } tick)
            {
                retry = retry with
                {
                    TimerTickSeconds = tick is >= 0 and <= MaxTimerTickMs
                        ? tick / 1000
                        : throw new ConfigException($"--timer-tick: expected milliseconds from 0 to {MaxTimerTickMs} (4 on Linux with CONFIG_HZ=250, 15.625 on Windows, 0 for an exact timer), found {tick.ToString(CultureInfo.InvariantCulture)}"),
                };
            }

            sim = sim with { Retry = retry };
            settings = settings with { Simulation = sim };
            var overrides = new QuotaOverrides(Positive(parse.GetValue(quotaTpm), "--quota-tpm"), Positive(parse.GetValue(quotaRpm), "--quota-rpm"), Positive(parse.GetValue(quotaTpd), "--quota-tpd"));
            // An import folder carries the scenarios.yaml import wrote, whose models: hold the
            // quotas it was given (--config at import) or the catalog's: the plan uses the same.
            var configPath = parse.GetValue(config);
            if (configPath is null && imported is not null && File.Exists(Path.Combine(fromDir!, "scenarios.yaml")))
            {
                configPath = Path.Combine(fromDir!, "scenarios.yaml");
            }

            var loaded = configPath is not null ? ScenarioConfigLoader.LoadFile(configPath) : null;
            IReadOnlyList<ModelSpec>? models = loaded?.Models;

            var modelId = parse.GetValue(model);
            PlanResult plan;
            if (parse.GetValue(scenarioName) is { } scenario)
            {
                if (fromDir is not null || configPath is null)
                {
                    throw new ConfigException("--scenario plans a scenario of --config: give --config scenarios.yaml and leave out --from");
                }

                if (parse.GetValue(input) is not null || parse.GetValue(output) is not null || parse.GetValue(cacheWrite) is not null
                    || parse.GetValue(cacheRead) is not null || parse.GetValue(maxTokens) is not null)
                {
                    throw new ConfigException("--scenario takes the token mix from the scenario's workloads: leave out --input-tokens, --output-tokens, --cache-*-tokens and --max-tokens");
                }

                plan = PlanBuilder.FromScenario(loaded!, scenario, parse.GetValue(rpm), settings, overrides, modelId);
            }
            else if (fromDir is not null)
            {
                if (parse.GetValue(rpm) is not null || parse.GetValue(input) is not null || parse.GetValue(output) is not null
                    || parse.GetValue(cacheWrite) is not null || parse.GetValue(cacheRead) is not null || parse.GetValue(maxTokens) is not null)
                {
                    throw new ConfigException("--from takes the token mix from the run or import: leave out --rpm, --input-tokens, --output-tokens, --cache-*-tokens and --max-tokens");
                }

                // An import's busiest day gives tokens per day unless the user gave a daily shape.
                plan = imported is not null
                    ? PlanBuilder.FromImport(imported, settings, models, overrides, modelId, recordedDayShape: parse.GetValue(averageToPeak) is null && parse.GetValue(hourly) is null)
                    : PlanBuilder.FromRun(run!, settings, models, overrides, modelId, useRunRetrySettings: false);
            }
            else
            {
                if (modelId is null)
                {
                    throw new ConfigException("give --from results/<run>, or --model ID with --rpm, --input-tokens and --output-tokens");
                }

                var (declaredMax, unsetMax) = ParseMaxTokens(parse.GetValue(maxTokens));
                var demand = new DeclaredDemand
                {
                    Rpm = parse.GetValue(rpm) ?? throw new ConfigException("--model needs --rpm (requests per minute today)"),
                    InputTokens = parse.GetValue(input) ?? throw new ConfigException("--model needs --input-tokens (average per request)"),
                    OutputTokens = parse.GetValue(output) ?? throw new ConfigException("--model needs --output-tokens (average per request)"),
                    CacheWriteTokens = parse.GetValue(cacheWrite) ?? 0,
                    CacheReadTokens = parse.GetValue(cacheRead) ?? 0,
                    MaxTokens = declaredMax,
                    MaxTokensUnset = unsetMax,
                };
                plan = PlanBuilder.FromNumbers(modelId, demand, settings, models, overrides);
            }

            var target = parse.GetValue(outDir) ?? (fromDir is not null ? Path.Combine(fromDir, "plan") : "plan");
            IReadOnlyList<string> written;
            try
            {
                written = PlanFiles.Write(plan, target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"{target}: cannot write the plan: {e.Message}", e);
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(PlanJson.Serialize(plan));
            }
            else
            {
                stdout.Write(PlanText.Render(plan));
                stdout.WriteLine();
                foreach (var path in written)
                {
                    stdout.WriteLine("wrote " + path);
                }
            }

            return Task.FromResult(ExitCodes.Passed);
        });
        return command;
    }

    /// <summary>The reservation rule from the flags: --reservation-rule, then each part's own flag over it.</summary>
    private static ReservationPolicy ReservationOf(string? rule, bool noReserve, bool? burndownOnMax, string? release, string? defaultMax)
    {
        var policy = rule is null
            ? ReservationPolicy.Default
            : ReservationPolicy.ParseRule(rule) ?? throw new ConfigException($"--reservation-rule should be {ReservationPolicy.RuleExpected}, got '{rule}'");
        if (noReserve)
        {
            policy = policy with { ReserveMaxTokens = false };
        }

        if (burndownOnMax is { } b)
        {
            policy = policy with { BurndownOnMaxTokens = b };
        }

        if (release is not null)
        {
            policy = policy with
            {
                Release = ReservationPolicy.ParseRelease(release) ?? throw new ConfigException($"--reservation-release should be {ReservationPolicy.ReleaseExpected}, got '{release}'"),
            };
        }

        if (defaultMax is not null)
        {
            if (!ReservationPolicy.TryParseDefaultMaxTokens(defaultMax, out var n))
            {
                throw new ConfigException($"--default-max-tokens should be {ReservationPolicy.DefaultMaxTokensExpected}, got '{defaultMax}'");
            }

            policy = policy with { DefaultMaxTokens = n };
        }

        return policy;
    }

    /// <summary>--max-tokens: a number, or 'unset' (the requests send none).</summary>
    private static (long? MaxTokens, bool Unset) ParseMaxTokens(string? text)
    {
        if (text is null)
        {
            return (null, false);
        }

        if (text.Trim().Equals("unset", StringComparison.OrdinalIgnoreCase))
        {
            return (null, true);
        }

        return long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? (n, false)
            : throw new ConfigException($"--max-tokens should be a whole number of tokens or 'unset', got '{text}'");
    }

    private static long? Positive(long? value, string flag)
        => value is <= 0 ? throw new ConfigException($"{flag} must be a positive number (got {value})") : value;

    private static double[] ParseHourly(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new ConfigException($"--hourly-profile: '{parts[i]}' is not a number (expected 24 comma-separated values)");
            }
        }

        return values;
    }
}
