using System.Buffers;
using System.Text;
using LoadTest.Core.Access;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Admission;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Pipeline;
using LoadTest.Emulator.Routing;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// The reservation rule as AWS describes it, through the emulator's decode and admission stages on
/// a clock that does not move (seconds are passed in; at 0 s no bucket refills), so what is held
/// at once is exactly what the TPM quota admits.
/// </summary>
public sealed class ReservationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long Tpm = 2_000_000;
    private const int InputTokens = 500;

    /// <summary>500 input tokens: the emulator counts 4 UTF-8 bytes a token.</summary>
    private static readonly string Prompt = new('a', InputTokens * 4);

    private static string Converse(int? maxTokens)
    {
        var messages = $$"""{"messages":[{"role":"user","content":[{"text":"{{Prompt}}"}]}]""";
        return maxTokens is { } m ? messages + ",\"inferenceConfig\":{\"maxTokens\":" + m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}" : messages + "}";
    }

    private sealed record Stage(RequestAdmission Admission, EmulatedModel Model, ConverseRequestDecoder Decoder);

    private static Stage Build(ReservationPolicy policy)
    {
        var options = new EmulatorOptions
        {
            Models = [new ModelSpec { Id = TestEmulator.Haiku, Tpm = Tpm, Burndown = 5, MaxOutputTokens = 64_000, OutputTokensPerSecond = 100 }],
            RegionCapacity = 1_000_000,
            Reservation = policy,
        };
        var regions = new RegionTable(options);
        var models = new ModelDirectory(options, regions);
        var admission = new RequestAdmission(new AdmissionController(regions), new PromptCache(options.CacheTtl, 1_000), policy);
        return new Stage(admission, models.Find(TestEmulator.Haiku)!, new ConverseRequestDecoder(policy));
    }

    private static Invocation Decoded(Stage stage, string body)
    {
        var inv = new Invocation
        {
            Http = new DefaultHttpContext(), Model = stage.Model, Operation = BedrockOperation.Converse, RequestId = "r", StartTimestamp = 0,
        };
        Assert.Null(RequestBody.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), stage.Decoder, stage.Model, inv.Request));
        return inv;
    }

    /// <summary>Requests admitted before the first throttle, none completing, at 0 s.</summary>
    private static int AdmittedAtOnce(ReservationPolicy policy, int? maxTokens)
    {
        var stage = Build(policy);
        var admitted = 0;
        while (admitted < 10_000)
        {
            var ticket = stage.Admission.TryAdmit(Decoded(stage, Converse(maxTokens)), 0);
            if (!ticket.Admitted)
            {
                Assert.Equal(AdmissionStatus.TooManyTokens, ticket.Status);
                return admitted;
            }

            admitted++;
        }

        throw new InvalidOperationException("the quota never throttled");
    }

    [Fact]
    public void On_a_2M_TPM_quota_maxTokens_1000_admits_1333_at_a_time_and_no_maxTokens_on_a_64K_model_admits_31()
    {
        // AWS's rule: input + cache write + maxTokens, maxTokens without burndown.
        // 2,000,000 / (500 + 1,000) = 1,333.3 -> 1,333 requests held at once.
        Assert.Equal(2_000_000 / (500 + 1_000), AdmittedAtOnce(ReservationPolicy.Default, maxTokens: 1_000));
        Assert.Equal(1_333, AdmittedAtOnce(ReservationPolicy.Default, maxTokens: 1_000));

        // No maxTokens: the model's maximum output, 64,000. 2,000,000 / (500 + 64,000) = 31.0 -> 31.
        Assert.Equal(2_000_000 / (500 + 64_000), AdmittedAtOnce(ReservationPolicy.Default, maxTokens: null));
        Assert.Equal(31, AdmittedAtOnce(ReservationPolicy.Default, maxTokens: null));
    }

    /// <summary>
    /// Offers 2,000 Converse requests a minute of 500 input tokens for 10 simulated minutes (seconds
    /// passed in), each answered 2 s after admission with <paramref name="answer"/>, and returns the
    /// requests admitted per minute from minute 2 on (past the full bucket at the start).
    /// </summary>
    private static double SustainedAdmissionsPerMinute(string body, Func<AnswerPlan> answer)
    {
        const double PerSecond = 2_000 / 60.0;
        const double ServiceSeconds = 2;
        var stage = Build(ReservationPolicy.Default);
        var inFlight = new Queue<(double Done, Invocation Inv)>();
        var admittedLater = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var now = i / PerSecond;
            while (inFlight.Count > 0 && inFlight.Peek().Done <= now)
            {
                var (done, finished) = inFlight.Dequeue();
                finished.OutputSent = finished.OutputTokens;
                stage.Admission.Complete(finished, finished.Ticket, answered: true, done);
            }

            var inv = Decoded(stage, body);
            if (!stage.Admission.TryAdmit(inv, now).Admitted)
            {
                continue;
            }

            inv.Answer = answer();
            stage.Admission.PlanRelease(inv);
            inFlight.Enqueue((now + ServiceSeconds, inv));
            if (now >= 120)
            {
                admittedLater++;
            }
        }

        return admittedLater / 8.0;
    }

    [Fact]
    public void Thinking_with_budget_4000_using_2000_costs_six_times_the_quota_and_is_admitted_at_a_sixth_of_the_rate()
    {
        // Without thinking: 500 + 300 x 5 = 2,000 quota tokens a request, maxTokens 1,024 (reserved 1,524);
        // with budget 4,000 and 2,000 thinking tokens used: 500 + (300 + 2,000) x 5 = 12,000, maxTokens 4,300
        // (reserved 4,800). On 2,000,000 TPM the sustained rates are 1,000 and 166.7 a minute: ratio 6.
        var plain = SustainedAdmissionsPerMinute(Converse(1_024), () => AnswerPlan.Text(300));
        var thinking = SustainedAdmissionsPerMinute(
            ThinkingAndToolTests.ConverseThinking(Prompt, 4_300, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4000}"),
            () => new AnswerPlan(2_000, "sig", 300, null));

        output.WriteLine($"admitted {plain:0.0} vs {thinking:0.0} a minute: ratio {plain / thinking:0.000}");
        Assert.InRange(plain, 1_000 * 0.97, 1_000 * 1.03);
        Assert.InRange(thinking, (2_000_000 / 12_000.0) * 0.97, (2_000_000 / 12_000.0) * 1.03);
        Assert.InRange(plain / thinking, 6 * 0.97, 6 * 1.03);
    }

    [Fact]
    public void The_legacy_rule_is_still_selectable_and_gives_its_old_numbers()
    {
        // maxTokens x burndown 5: 2,000,000 / (500 + 1,000 x 5) = 363.6 -> 363.
        Assert.Equal(363, AdmittedAtOnce(ReservationPolicy.Legacy, maxTokens: 1_000));

        // No maxTokens: the fixed 4,096 x 5. 2,000,000 / (500 + 20,480) = 95.3 -> 95.
        Assert.Equal(95, AdmittedAtOnce(ReservationPolicy.Legacy, maxTokens: null));
    }

    [Fact]
    public void Progressive_release_gives_back_the_unused_reservation_as_output_is_generated_then_settles_with_burndown()
    {
        var stage = Build(ReservationPolicy.Default);
        var quota = stage.Model.Quota!;
        long Held(double at) => Tpm - (long)Math.Round(quota.TokensAvailable(at)!.Value);

        var inv = Decoded(stage, Converse(1_000));
        Assert.True(stage.Admission.TryAdmit(inv, 0).Admitted);
        Assert.Equal(500 + 1_000, Held(0));

        // The model will answer 400 tokens: 1,000 - 400 = 600 reserved tokens will go unused.
        inv.Answer = AnswerPlan.Text(400);
        stage.Admission.PlanRelease(inv);
        Assert.Equal(100, inv.NextRelease); // four steps of 100 tokens

        // After half the output, half the unused part is back: released 600 x 200 / 400 = 300.
        stage.Admission.Release(inv, 200, 0);
        Assert.Equal(300, inv.Released);
        Assert.Equal(500 + 0 + 1_000 - 300, Held(0));
        Assert.Equal(300, inv.NextRelease);

        // Completion settles at input + cache write + output x burndown = 500 + 400 x 5 = 2,500.
        inv.OutputSent = 400;
        var consumed = stage.Admission.Complete(inv, inv.Ticket, answered: true, 0);
        Assert.Equal(500 + (400 * 5), consumed);
        Assert.Equal(500 + (400 * 5), Held(0));
    }

    [Fact]
    public void At_completion_release_holds_the_whole_reservation_until_the_end()
    {
        var stage = Build(ReservationPolicy.Default with { Release = ReservationRelease.AtCompletion });
        var quota = stage.Model.Quota!;
        var inv = Decoded(stage, Converse(1_000));
        Assert.True(stage.Admission.TryAdmit(inv, 0).Admitted);
        inv.Answer = AnswerPlan.Text(400);
        stage.Admission.PlanRelease(inv);
        Assert.Equal(int.MaxValue, inv.NextRelease);
        Assert.Equal(Tpm - 1_500, quota.TokensAvailable(0));
    }
}
