using System.Globalization;
using LoadTest.Core;

namespace LoadTest.Scenarios.Gates;

/// <summary>
/// The one parser of the gate grammar (see docs/ci.md):
/// <code>
/// gate      := metric [scope] op threshold
/// metric    := stat "(" (latency|ttft|ttfvt|itl|tpot|"step:" name) ")" | throttle_rate | error_rate | dropped | achieved_rpm
///            | quota_utilization | thinking_share | cache_read_share | tool_calls_per_session | turns_per_session
/// stat      := p50 | p90 | p95 | p99 | p99.9 | max | mean
/// scope     := "{" (workload|model|step) ":" name "}"
/// op        := "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "==" | "!="
/// threshold := number [unit] | baseline [ "*" number | ("+"|"-") number [unit] ]
/// unit      := ms | s | %
/// </code>
/// Durations without a unit are milliseconds; rates without a unit are fractions (0.01 = 1%);
/// <c>dropped</c> is a count, or a share of scheduled requests when written with %; thinking_share
/// and cache_read_share are rates; tool_calls_per_session and turns_per_session (the mean) are plain
/// numbers. A scope applies only to what is kept per workload and model: everything but itl, tpot,
/// dropped and quota_utilization. A step scope (a named step of a C# scenario) applies to latency,
/// ttft and error_rate; <c>p95(step:retrieve)</c> is short for <c>p95(latency){step:retrieve}</c>.
/// </summary>
public static class GateParser
{
    private static readonly Dictionary<string, GateStatistic> Statistics = new(StringComparer.OrdinalIgnoreCase)
    {
        ["p50"] = GateStatistic.P50,
        ["p90"] = GateStatistic.P90,
        ["p95"] = GateStatistic.P95,
        ["p99"] = GateStatistic.P99,
        ["p99.9"] = GateStatistic.P999,
        ["max"] = GateStatistic.Max,
        ["mean"] = GateStatistic.Mean,
    };

    private static readonly Dictionary<string, GateQuantity> Distributions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["latency"] = GateQuantity.Latency,
        ["ttft"] = GateQuantity.Ttft,
        ["ttfvt"] = GateQuantity.Ttfvt,
        ["itl"] = GateQuantity.Itl,
        ["tpot"] = GateQuantity.Tpot,
    };

    private static readonly Dictionary<string, GateQuantity> Scalars = new(StringComparer.OrdinalIgnoreCase)
    {
        ["throttle_rate"] = GateQuantity.ThrottleRate,
        ["error_rate"] = GateQuantity.ErrorRate,
        ["dropped"] = GateQuantity.Dropped,
        ["achieved_rpm"] = GateQuantity.AchievedRpm,
        ["quota_utilization"] = GateQuantity.QuotaUtilization,
        ["thinking_share"] = GateQuantity.ThinkingShare,
        ["cache_read_share"] = GateQuantity.CacheReadShare,
        ["tool_calls_per_session"] = GateQuantity.ToolCallsPerSession,
        ["turns_per_session"] = GateQuantity.TurnsPerSession,
    };

    private const string StatList = "p50, p90, p95, p99, p99.9, max or mean";
    private const string MetricList = "p95(latency), p99(ttft), p95(ttfvt), max(itl), mean(tpot), throttle_rate, error_rate, dropped, achieved_rpm, quota_utilization, thinking_share, cache_read_share, tool_calls_per_session or turns_per_session";

    private const string DistributionList = "latency, ttft, ttfvt, itl or tpot";

    /// <summary>Parses one expression; a mistake throws <see cref="GateParseException"/> with its column.</summary>
    public static Gate Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new Cursor(expression).ParseGate();
    }

    /// <summary>
    /// Parses an expression that sits at (<paramref name="line"/>, <paramref name="column"/>) of
    /// <paramref name="file"/>; a mistake throws <see cref="ConfigException"/> pointing at the exact character.
    /// </summary>
    public static Gate Parse(string expression, string? file, long line, long column)
    {
        try
        {
            return Parse(expression);
        }
        catch (GateParseException e)
        {
            throw new ConfigException(file, line, column + e.Column - 1, $"gate '{expression}': {e.Detail}");
        }
    }

    private sealed class Cursor(string text)
    {
        private int pos;

        /// <summary>The step named inside the statistic's parentheses (<c>p95(step:retrieve)</c>), if any.</summary>
        private GateScope? stepInMetric;

        public Gate ParseGate()
        {
            SkipSpace();
            if (AtEnd)
            {
                throw Fail(pos, $"empty gate; expected a metric such as {MetricList}");
            }

            var metricStart = pos;
            var metric = ParseMetric();
            SkipSpace();

            var scope = stepInMetric ?? GateScope.Run;
            if (Peek == '{' && stepInMetric is not null)
            {
                throw Fail(pos, $"'{text[metricStart..pos].Trim()}' already names its step; write p95(latency){{step:NAME}} or p95(step:NAME), not both");
            }

            if (Peek == '{')
            {
                var scopeStart = pos;
                scope = ParseScope();
                if (scope.Kind == GateScopeKind.Step && metric.Quantity is not (GateQuantity.Latency or GateQuantity.Ttft or GateQuantity.ErrorRate))
                {
                    throw Fail(scopeStart, $"{metric} is not measured per step; per step you can gate latency, ttft and error_rate");
                }

                if (scope.Kind != GateScopeKind.Step && !metric.AvailablePerGroup)
                {
                    throw Fail(scopeStart, $"{metric} is not measured per {scope.Kind.ToString().ToLowerInvariant()}; per workload or model you can gate latency, ttft, ttfvt, throttle_rate, error_rate, achieved_rpm, thinking_share, cache_read_share, tool_calls_per_session and turns_per_session");
                }

                SkipSpace();
            }

            var comparison = ParseComparison();
            SkipSpace();
            var (threshold, unit, unitAt) = ParseThreshold(metric);
            metric = CheckUnit(metric, unit, unitAt, metricStart, threshold.RelativeToBaseline);
            SkipSpace();
            if (!AtEnd)
            {
                throw Fail(pos, $"unexpected '{text[pos..]}' after the threshold");
            }

            return new Gate
            {
                Expression = text.Trim(),
                Metric = metric,
                Scope = scope,
                Comparison = comparison,
                Threshold = threshold,
                Unit = unit ?? DefaultUnit(metric),
            };
        }

        private bool AtEnd => pos >= text.Length;

        private char Peek => AtEnd ? '\0' : text[pos];

        private GateMetric ParseMetric()
        {
            var start = pos;
            var name = ReadWord();
            if (name.Length == 0)
            {
                throw Fail(start, $"expected a metric such as {MetricList}");
            }

            SkipSpace();
            if (Peek == '(')
            {
                if (!Statistics.TryGetValue(name, out var stat))
                {
                    throw Fail(start, $"unknown statistic '{name}'; expected {StatList}");
                }

                pos++;
                SkipSpace();
                var innerStart = pos;
                var inner = ReadWord();
                SkipSpace();
                if (string.Equals(inner, "step", StringComparison.OrdinalIgnoreCase) && Peek == ':')
                {
                    stepInMetric = ParseStepName(innerStart);
                    return new GateMetric(GateQuantity.Latency, stat);
                }

                if (!Distributions.TryGetValue(inner, out var quantity))
                {
                    throw Fail(innerStart, inner.Length == 0
                        ? $"expected {DistributionList} inside the parentheses"
                        : $"unknown metric '{inner}'; expected {DistributionList}");
                }

                SkipSpace();
                Expect(')');
                return new GateMetric(quantity, stat);
            }

            if (Scalars.TryGetValue(name, out var scalar))
            {
                return new GateMetric(scalar);
            }

            if (Distributions.ContainsKey(name))
            {
                throw Fail(start, $"'{name}' needs a statistic, e.g. p95({name.ToLowerInvariant()}); statistics: {StatList}");
            }

            throw Fail(start, $"unknown metric '{name}'; expected {MetricList}");
        }

        private GateScope ParseScope()
        {
            pos++; // '{'
            SkipSpace();
            var keyStart = pos;
            var key = ReadWord();
            var kind = key.ToLowerInvariant() switch
            {
                "workload" => GateScopeKind.Workload,
                "model" => GateScopeKind.Model,
                "step" => GateScopeKind.Step,
                _ => throw Fail(keyStart, $"unknown scope '{key}'; expected {{workload:NAME}}, {{model:ID}} or {{step:NAME}}"),
            };
            SkipSpace();
            Expect(':');
            var nameStart = pos;

            // Model IDs contain ':' and '.', so the name runs to the closing brace.
            var close = text.IndexOf('}', pos);
            if (close < 0)
            {
                throw Fail(text.Length, "missing '}' to close the scope");
            }

            var name = text[pos..close].Trim();
            if (name.Length == 0)
            {
                throw Fail(nameStart, $"expected a {key.ToLowerInvariant()} name after ':'");
            }

            pos = close + 1;
            return new GateScope(kind, name);
        }

        /// <summary>The <c>:NAME)</c> of <c>p95(step:NAME)</c>; the cursor is on the ':'.</summary>
        private GateScope ParseStepName(int stepAt)
        {
            pos++; // ':'
            var close = text.IndexOf(')', pos);
            if (close < 0)
            {
                throw Fail(text.Length, "missing ')' after the step name");
            }

            var name = text[pos..close].Trim();
            if (name.Length == 0)
            {
                throw Fail(stepAt, "expected a step name after 'step:'");
            }

            pos = close + 1;
            return new GateScope(GateScopeKind.Step, name);
        }

        private GateComparison ParseComparison()
        {
            var start = pos;
            var two = pos + 1 < text.Length ? text.Substring(pos, 2) : "";
            switch (two)
            {
                case "<=": pos += 2; return GateComparison.LessOrEqual;
                case ">=": pos += 2; return GateComparison.GreaterOrEqual;
                case "==": pos += 2; return GateComparison.Equal;
                case "!=": pos += 2; return GateComparison.NotEqual;
            }

            switch (Peek)
            {
                case '<': pos++; return GateComparison.Less;
                case '>': pos++; return GateComparison.Greater;
                case '=': throw Fail(start, "use '==' to compare for equality");
                default:
                    throw Fail(start, AtEnd
                        ? "expected a comparison (<, <=, >, >=, ==, !=) and a threshold"
                        : $"expected a comparison (<, <=, >, >=, ==, !=), got '{Peek}'");
            }
        }

        private (GateThreshold Threshold, GateUnit? Unit, int UnitAt) ParseThreshold(GateMetric metric)
        {
            var start = pos;
            if (char.IsLetter(Peek))
            {
                var word = ReadWord();
                if (!string.Equals(word, "baseline", StringComparison.OrdinalIgnoreCase))
                {
                    throw Fail(start, $"expected a number or 'baseline', got '{word}'");
                }

                SkipSpace();
                if (AtEnd)
                {
                    return (GateThreshold.Baseline(), null, pos);
                }

                var op = Peek;
                if (op == '*')
                {
                    pos++;
                    SkipSpace();
                    var factorAt = pos;
                    var factor = ReadNumber();
                    SkipSpace();
                    if (!AtEnd && (char.IsLetter(Peek) || Peek == '%'))
                    {
                        throw Fail(pos, "a baseline factor is a plain number, e.g. baseline * 1.10");
                    }

                    if (factor < 0)
                    {
                        throw Fail(factorAt, "a baseline factor cannot be negative");
                    }

                    return (GateThreshold.Baseline(factor), null, pos);
                }

                if (op is '+' or '-')
                {
                    pos++;
                    SkipSpace();
                    var amount = ReadNumber();
                    var (unit, unitAt) = ReadUnit();
                    var offset = ToCanonical(amount, unit, metric);
                    return (GateThreshold.Baseline(1, op == '-' ? -offset : offset), unit, unitAt);
                }

                throw Fail(pos, "after 'baseline' expected '* FACTOR', '+ AMOUNT' or '- AMOUNT'");
            }

            var value = ReadNumber();
            var (u, at) = ReadUnit();
            return (GateThreshold.Fixed(ToCanonical(value, u, metric)), u, at);
        }

        private (GateUnit? Unit, int At) ReadUnit()
        {
            SkipSpace();
            var start = pos;
            if (Peek == '%')
            {
                pos++;
                return (GateUnit.Percent, start);
            }

            var word = ReadWord();
            return word.ToLowerInvariant() switch
            {
                "" => (null, start),
                "ms" => (GateUnit.Milliseconds, start),
                "s" => (GateUnit.Seconds, start),
                _ => throw Fail(start, $"unknown unit '{word}'; expected ms, s or %"),
            };
        }

        private GateMetric CheckUnit(GateMetric metric, GateUnit? unit, int unitAt, int metricStart, bool baseline)
        {
            if (unit is null)
            {
                return metric;
            }

            if (metric.IsDuration && unit is GateUnit.Percent)
            {
                throw Fail(unitAt, $"{metric} is a duration; write ms or s (a relative limit is 'baseline * 1.10')");
            }

            if (!metric.IsDuration && unit is GateUnit.Milliseconds or GateUnit.Seconds)
            {
                throw Fail(unitAt, $"{metric} is not a duration; write a number{(metric.IsRate || metric.Quantity == GateQuantity.Dropped ? " or a percentage" : "")}");
            }

            if (metric.Quantity == GateQuantity.AchievedRpm && unit is GateUnit.Percent)
            {
                throw Fail(unitAt, "achieved_rpm is requests per minute; write a plain number (a relative limit is 'baseline * 0.9')");
            }

            if (metric.Quantity is GateQuantity.ToolCallsPerSession or GateQuantity.TurnsPerSession && unit is GateUnit.Percent)
            {
                throw Fail(unitAt, $"{metric} is a count per session; write a plain number (a relative limit is 'baseline * 1.2')");
            }

            if (metric.Quantity == GateQuantity.Dropped && unit is GateUnit.Percent)
            {
                if (baseline)
                {
                    throw Fail(metricStart, "a dropped share relative to a baseline is not supported; use 'dropped < 1%' or 'dropped <= baseline + 10'");
                }

                return metric with { Quantity = GateQuantity.DroppedRate };
            }

            return metric;
        }

        private static GateUnit DefaultUnit(GateMetric metric)
            => metric.IsDuration ? GateUnit.Milliseconds : metric.IsRate ? GateUnit.Percent : GateUnit.Number;

        private static double ToCanonical(double value, GateUnit? unit, GateMetric metric) => unit switch
        {
            GateUnit.Seconds => value * 1000,
            GateUnit.Percent => value / 100,
            _ => value,
        };

        private double ReadNumber()
        {
            var start = pos;
            while (!AtEnd && (char.IsAsciiDigit(Peek) || Peek == '.'))
            {
                pos++;
            }

            var s = text[start..pos];
            if (s.Length == 0 || !double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw Fail(start, AtEnd ? "expected a number" : s.Length == 0 ? $"expected a number, got '{Peek}'" : $"'{s}' is not a number");
            }

            return value;
        }

        private string ReadWord()
        {
            var start = pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' || (Peek == '.' && pos > start && char.IsAsciiDigit(text[pos - 1]))))
            {
                pos++;
            }

            return text[start..pos];
        }

        private void Expect(char c)
        {
            if (Peek != c)
            {
                throw Fail(pos, AtEnd ? $"expected '{c}'" : $"expected '{c}', got '{Peek}'");
            }

            pos++;
        }

        private void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Peek))
            {
                pos++;
            }
        }

        private GateParseException Fail(int index, string detail) => new(text, index + 1, detail);
    }
}
