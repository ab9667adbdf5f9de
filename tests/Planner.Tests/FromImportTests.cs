using LoadTest.Core;
using LoadTest.Import;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Tests;

/// <summary><see cref="PlanBuilder.FromImport"/> on an import folder's report built in memory.</summary>
public sealed class FromImportTests
{
    private const string Llama = "meta.llama3-1-70b-instruct-v1:0";
    private const string Mistral = "mistral.mistral-large-2407-v1:0";

    private static readonly Dictionary<string, string> NoMetadata = [];

    private static ImportedInvocation Call(DateTimeOffset time, string model, long? input, long? output)
        => new(time, "us-east-1", null, "Converse", model, input, output, null, null, "r", NoMetadata, input is null ? "ThrottlingException" : null, null);

    private static ImportFolder Folder(params ImportedInvocation[] calls)
    {
        var aggregator = new InvocationAggregator();
        foreach (var call in calls)
        {
            aggregator.Add(call);
        }

        var report = new ImportReport
        {
            InvocationLogs = new SourceRead(["logs.json"], calls.Length, 0, 0, []),
            First = aggregator.First,
            Last = aggregator.Last,
            Models = aggregator.Models(),
        };
        return new ImportFolder("imported", report);
    }

    private static readonly DateTimeOffset Day1 = new(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Llama burns output 1x. Minute 12:00: 4 requests of 100 in + 100 out = 800 quota tokens
    /// (most requests). Minute 12:01: 1 request of 2,000 in + 1,000 out = 3,000 (most quota tokens).
    /// The next day at 08:00 and 09:00: 1 request each of 1,500 in + 500 out = 2,000 a minute, 4,000
    /// that day. Days: 3,800 and 4,000 (the busiest day is not the peak minute's).
    /// </summary>
    private static ImportFolder Llamas()
    {
        var calls = new List<ImportedInvocation>();
        for (var i = 0; i < 4; i++)
        {
            calls.Add(Call(Day1.AddHours(12).AddSeconds(i * 10), Llama, 100, 100));
        }

        calls.Add(Call(Day1.AddHours(12).AddMinutes(1), Llama, 2000, 1000));
        calls.Add(Call(Day1.AddDays(1).AddHours(8), Llama, 1500, 500));
        calls.Add(Call(Day1.AddDays(1).AddHours(9), Llama, 1500, 500));
        return Folder([.. calls]);
    }

    [Fact]
    public void An_absolute_peak_rate_scales_the_recorded_minute_and_day_as_it_scales_the_rate()
    {
        // --peak-rpm 10 over the recorded 4 requests a minute: 2.5x. TPM 3,000 x 2.5 = 7,500;
        // TPD 4,000 (the busiest day) x 2.5 = 10,000.
        var plan = PlanBuilder.FromImport(Llamas(), new PlanSettings { PeakRpm = 10, SkipCurves = true });

        var llama = Assert.Single(plan.Models);
        Assert.Equal(new QuotaValues(10, 7_500, 10_000), llama.Required);
        Assert.True(llama.TpdFromRecordedDay);
        Assert.Equal(new DateOnly(2026, 11, 4), llama.Recorded!.BusiestDay);
        Assert.Equal(4_000 / (3_000 * 1440.0), llama.AverageToPeak, 12);

        // The recommended TPD follows the recommended TPM (7,500 rounds up to 7,500): 7,500 x 4,000 / 3,000.
        Assert.Equal(7_500, llama.Recommended.Tpm);
        Assert.Equal(10_000, llama.Recommended.Tpd);
        Assert.NotNull(plan.Import);
    }

    [Fact]
    public void A_model_whose_records_have_no_token_counts_is_a_config_error_naming_import_json()
    {
        var folder = Folder(Call(Day1, Llama, 100, 10), Call(Day1, Mistral, null, null));

        var e = Assert.Throws<ConfigException>(() => PlanBuilder.FromImport(folder, new PlanSettings { SkipCurves = true }));

        Assert.Contains(Path.Combine("imported", "import.json"), e.Message, StringComparison.Ordinal);
        Assert.Contains(Mistral, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_filter_the_import_never_saw_is_a_config_error()
    {
        var e = Assert.Throws<ConfigException>(() => PlanBuilder.FromImport(Llamas(), new PlanSettings { SkipCurves = true }, modelFilter: Mistral));

        Assert.Contains($"no requests for model '{Mistral}'", e.Message, StringComparison.Ordinal);
    }
}
