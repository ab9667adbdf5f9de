using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Admission;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Tests;

/// <summary>Quota and capacity admission driven on simulated seconds, no HTTP.</summary>
public sealed class QuotaAdmissionTests
{
    private static (AdmissionController Admission, ModelDirectory Models) Build(EmulatorOptions options)
    {
        var regions = new RegionTable(options);
        var models = new ModelDirectory(options, regions);
        return (new AdmissionController(regions), models);
    }

    private static ModelSpec Model(string id, long? tpm, long? rpm = null) => new()
    {
        Id = id, Tpm = tpm, Rpm = rpm, Burndown = 5, OutputTokensPerSecond = 100,
    };

    [Fact]
    public void Sustained_load_at_twice_the_TPM_quota_is_accepted_at_the_quota_within_two_percent()
    {
        const long tpm = 1_000_000;
        var options = new EmulatorOptions { Models = [Model(TestEmulator.Haiku, tpm)], RegionCapacity = 100_000 };
        var (admission, models) = Build(options);
        var model = models.Find(TestEmulator.Haiku)!;

        // Each request: 1,000 input + 200 output at burndown 5 = 2,000 quota tokens, reserved and consumed alike.
        const long cost = 1_000 + (200 * 5);
        var perSecond = 2.0 * tpm / 60 / cost; // offered: 2x the quota
        var interval = 1 / perSecond;
        var inFlight = new Queue<(double Done, AdmissionTicket Ticket)>();
        long acceptedInWindow = 0;
        const double windowStart = 90; // the bucket starts full; measure once that minute's head start is spent
        const double windowEnd = windowStart + 300;
        for (var t = 0.0; t < windowEnd; t += interval)
        {
            while (inFlight.Count > 0 && inFlight.Peek().Done <= t)
            {
                var done = inFlight.Dequeue();
                admission.Complete(done.Ticket, cost, done.Done);
            }

            var ticket = admission.TryAdmit(model, cost, t);
            if (ticket.Admitted)
            {
                inFlight.Enqueue((t + 2, ticket));
                if (t >= windowStart)
                {
                    acceptedInWindow += cost;
                }
            }
        }

        var acceptedPerMinute = acceptedInWindow / 5.0;
        Assert.InRange(acceptedPerMinute, tpm * 0.98, tpm * 1.02);
    }

    [Fact]
    public void A_large_maxTokens_throttles_earlier_than_a_small_one_for_the_same_actual_output()
    {
        int Throttles(int maxTokens, out double firstThrottleAt)
        {
            var options = new EmulatorOptions { Models = [Model(TestEmulator.Haiku, 100_000)] };
            var (admission, models) = Build(options);
            var model = models.Find(TestEmulator.Haiku)!;
            const int input = 500;
            const int actualOutput = 100;
            var reserved = QuotaCost.Reserved(input, 0, maxTokens, model.Burndown, ReservationPolicy.Legacy);
            var consumed = QuotaCost.Consumed(input, 0, actualOutput, model.Burndown);
            var inFlight = new Queue<(double Done, AdmissionTicket Ticket)>();
            var throttles = 0;
            firstThrottleAt = double.PositiveInfinity;

            // One request a second, each taking 10 s: 60 x 1,000 consumed tokens a minute, well under 100,000.
            for (var t = 0.0; t < 120; t += 1)
            {
                while (inFlight.Count > 0 && inFlight.Peek().Done <= t)
                {
                    admission.Complete(inFlight.Dequeue().Ticket, consumed, t);
                }

                var ticket = admission.TryAdmit(model, reserved, t);
                if (ticket.Admitted)
                {
                    inFlight.Enqueue((t + 10, ticket));
                }
                else
                {
                    Assert.Equal(AdmissionStatus.TooManyTokens, ticket.Status);
                    throttles++;
                    firstThrottleAt = Math.Min(firstThrottleAt, t);
                }
            }

            return throttles;
        }

        var small = Throttles(200, out _);
        var large = Throttles(4_000, out var firstLarge);
        Assert.Equal(0, small);
        Assert.True(large > 20, $"under the legacy rule maxTokens 4000 reserves 20,500 tokens per request and should throttle often; throttled {large}");
        Assert.True(firstLarge < 60, $"the first throttle came at {firstLarge}s");
    }

    [Fact]
    public void Without_maxTokens_reservation_the_same_large_maxTokens_load_is_not_throttled()
    {
        var options = new EmulatorOptions
        {
            Models = [Model(TestEmulator.Haiku, 100_000)],
            Reservation = new ReservationPolicy(ReserveMaxTokens: false),
        };
        var (admission, models) = Build(options);
        var model = models.Find(TestEmulator.Haiku)!;
        var reserved = QuotaCost.Reserved(500, 0, 4_000, model.Burndown, options.Reservation);
        var inFlight = new Queue<(double Done, AdmissionTicket Ticket)>();
        for (var t = 0.0; t < 120; t += 1)
        {
            while (inFlight.Count > 0 && inFlight.Peek().Done <= t)
            {
                admission.Complete(inFlight.Dequeue().Ticket, 1_000, t);
            }

            var ticket = admission.TryAdmit(model, reserved, t);
            Assert.True(ticket.Admitted, $"throttled at {t}s");
            inFlight.Enqueue((t + 10, ticket));
        }
    }

    [Fact]
    public void RPM_quota_refuses_with_too_many_requests_and_refills_continuously()
    {
        var options = new EmulatorOptions { Models = [Model(TestEmulator.Haiku, null, rpm: 60)] };
        var (admission, models) = Build(options);
        var model = models.Find(TestEmulator.Haiku)!;
        for (var i = 0; i < 60; i++)
        {
            var ticket = admission.TryAdmit(model, 10, 0);
            Assert.True(ticket.Admitted);
            admission.Complete(ticket, 10, 0);
        }

        Assert.Equal(AdmissionStatus.TooManyRequests, admission.TryAdmit(model, 10, 0).Status);
        Assert.Equal(AdmissionStatus.TooManyRequests, admission.TryAdmit(model, 10, 0.5).Status);
        Assert.True(admission.TryAdmit(model, 10, 1.01).Admitted); // one request a second comes back
    }

    [Fact]
    public void A_burst_that_overflows_the_geographic_profiles_Regions_is_absorbed_by_the_global_profile()
    {
        const string apac = "apac.anthropic.claude-haiku-4-5-20251001-v1:0";
        var options = new EmulatorOptions
        {
            SourceRegion = "ap-south-1",
            Regions = ["ap-south-1", "ap-southeast-1", "us-east-1", "eu-west-1"],
            RegionCapacity = 5,
            EnforceQuotas = false,
        };
        var regions = new RegionTable(options);
        var models = new ModelDirectory(options, regions);
        var admission = new AdmissionController(regions);
        var geo = models.Find(apac)!;
        var global = models.Find(TestEmulator.Haiku)!;

        var geoServed = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var t = admission.TryAdmit(geo, 1, 0);
            Assert.True(t.Admitted, $"apac request {i} should fit in ap-south-1 + ap-southeast-1");
            geoServed.Add(regions.Name(t.Region));
        }

        Assert.Equal(5, geoServed.Count(r => r == "ap-south-1"));
        Assert.Equal(5, geoServed.Count(r => r == "ap-southeast-1"));
        Assert.Equal(AdmissionStatus.NoCapacity, admission.TryAdmit(geo, 1, 0).Status);

        // The same burst sent to the global profile spills over to Regions outside the geography.
        var globalServed = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var t = admission.TryAdmit(global, 1, 0);
            Assert.True(t.Admitted, $"global request {i} should be absorbed outside apac");
            globalServed.Add(regions.Name(t.Region));
        }

        Assert.All(globalServed, r => Assert.Contains(r, new[] { "us-east-1", "eu-west-1" }));
        Assert.Equal(AdmissionStatus.NoCapacity, admission.TryAdmit(global, 1, 0).Status);
    }

    [Fact]
    public void The_source_Region_serves_first_and_an_outage_moves_traffic_elsewhere()
    {
        var options = new EmulatorOptions
        {
            SourceRegion = "ap-south-1",
            Regions = ["ap-south-1", "us-east-1"],
            EnforceQuotas = false,
            Outages = [new OutageWindow("ap-south-1", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20))],
        };
        var regions = new RegionTable(options);
        var models = new ModelDirectory(options, regions);
        var admission = new AdmissionController(regions);
        var global = models.Find(TestEmulator.Haiku)!;
        var baseModel = models.Find(TestEmulator.HaikuBase)!;

        Assert.Equal("ap-south-1", regions.Name(admission.TryAdmit(global, 1, 5).Region));
        Assert.Equal("us-east-1", regions.Name(admission.TryAdmit(global, 1, 15).Region));
        Assert.Equal(AdmissionStatus.NoCapacity, admission.TryAdmit(baseModel, 1, 15).Status); // base ID: source Region only
        Assert.Equal("ap-south-1", regions.Name(admission.TryAdmit(baseModel, 1, 25).Region));
    }

    [Fact]
    public void Capacity_refusal_hands_the_reserved_tokens_back()
    {
        var options = new EmulatorOptions
        {
            Models = [Model(TestEmulator.HaikuBase, 10_000)],
            RegionCapacity = 1,
        };
        var (admission, models) = Build(options);
        var model = models.Find(TestEmulator.HaikuBase)!;
        var held = admission.TryAdmit(model, 4_000, 0);
        Assert.True(held.Admitted);
        Assert.Equal(AdmissionStatus.NoCapacity, admission.TryAdmit(model, 4_000, 0).Status);
        Assert.Equal(AdmissionStatus.NoCapacity, admission.TryAdmit(model, 4_000, 0).Status);

        // Had the refused ones kept their 8,000 tokens, this would be TooManyTokens.
        admission.Complete(held, 4_000, 0);
        Assert.True(admission.TryAdmit(model, 6_000, 0).Admitted);
    }
}
