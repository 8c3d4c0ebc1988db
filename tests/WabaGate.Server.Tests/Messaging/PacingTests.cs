using Microsoft.Extensions.Options;
using WabaGate.Server.Features.Messaging;
using WabaGate.Server.Features.Messaging.Dispatch;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>The limiter's and the recipient pacer's accounting, on a clock that moves only when told to.</summary>
public sealed class PacingTests
{
    [Fact]
    public void The_throughput_limiter_spaces_sends_at_its_rate_and_never_lets_a_second_hold_more_than_rate_plus_burst()
    {
        var clock = new ManualClock();
        var limiter = new ThroughputLimiter(clock);
        var phone = Guid.CreateVersion7();
        const int rate = 80;
        const double burstSeconds = 0.05; // 4 messages ahead

        // 1,000 workers asking at once: each gets a start time; those too far in the future are turned away.
        var starts = new List<TimeSpan>();
        var refused = 0;
        for (var i = 0; i < 1000; i++)
        {
            var wait = limiter.Reserve(phone, rate, burstSeconds, TimeSpan.FromSeconds(2), out var reserved);
            if (reserved)
            {
                starts.Add(wait);
            }
            else
            {
                refused++;
                Assert.True(wait > TimeSpan.FromSeconds(2));
            }
        }

        // 4 at once, then one every 12.75 ms (1.02 s / 80: the departure window's margin) up to the 2 s horizon.
        Assert.Equal(4, starts.Count(s => s == TimeSpan.Zero));
        Assert.Equal(161, starts.Count);
        Assert.Equal(1000 - 161, refused);
        for (var i = 5; i < starts.Count; i++)
        {
            Assert.Equal(ThroughputLimiter.DepartureWindow / rate, starts[i] - starts[i - 1]);
        }

        // Any one-second window holds at most rate + burst starts.
        var most = starts.Select(s => starts.Count(t => t >= s && t < s + TimeSpan.FromSeconds(1))).Max();
        Assert.True(most <= rate + 4, $"{most} sends in one second");

        // Time passes: slots free up again at the rate.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(phone, rate, burstSeconds, TimeSpan.FromSeconds(2), out var again));
        Assert.True(again);

        // Another number has its own budget.
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(Guid.CreateVersion7(), rate, burstSeconds, TimeSpan.Zero, out var other));
        Assert.True(other);
    }

    [Fact]
    public void Throughput_reached_at_Meta_slows_the_number_once_per_crowded_moment_and_the_rate_comes_back()
    {
        var clock = new ManualClock();
        var limiter = new ThroughputLimiter(clock);
        var phone = Guid.CreateVersion7();
        const int rate = 1000;
        TimeSpan Spacing()
        {
            var first = limiter.Reserve(phone, rate, 0, TimeSpan.FromSeconds(5), out _);
            return limiter.Reserve(phone, rate, 0, TimeSpan.FromSeconds(5), out _) - first;
        }

        Assert.Equal(ThroughputLimiter.DepartureWindow / rate, Spacing());

        // Refused together: one decrease, not one per request.
        limiter.Penalize(phone);
        limiter.Penalize(phone);
        clock.Advance(ThroughputLimiter.DecreaseSpacing / 2);
        limiter.Penalize(phone);
        var slowed = Spacing();
        var share = ThroughputLimiter.Decrease + (ThroughputLimiter.RecoveryPerSecond * (ThroughputLimiter.DecreaseSpacing / 2).TotalSeconds);
        var expected = ThroughputLimiter.DepartureWindow.TotalMilliseconds / rate / share;
        Assert.InRange(slowed.TotalMilliseconds, expected - 0.0002, expected + 0.0002);

        // Refused again later: a further decrease.
        clock.Advance(ThroughputLimiter.DecreaseSpacing);
        limiter.Penalize(phone);
        Assert.True(Spacing() > slowed);

        // Without refusals the rate comes back, at most to the configured one.
        clock.Advance(TimeSpan.FromSeconds(2 * (1 - (ThroughputLimiter.Decrease * ThroughputLimiter.Decrease)) / ThroughputLimiter.RecoveryPerSecond));
        Assert.Equal(ThroughputLimiter.DepartureWindow / rate, Spacing());
    }

    [Fact]
    public void Requests_held_back_and_then_leaving_together_still_keep_any_window_to_the_rate()
    {
        var clock = new ManualClock();
        var limiter = new ThroughputLimiter(clock);
        var phone = Guid.CreateVersion7();
        const int rate = 3;

        // Three leave over half a second; a fourth must wait until the first is a whole window old.
        Assert.Equal(TimeSpan.Zero, limiter.TryDepart(phone, rate));
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.Zero, limiter.TryDepart(phone, rate));
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.Zero, limiter.TryDepart(phone, rate));
        var wait = limiter.TryDepart(phone, rate);
        Assert.Equal(ThroughputLimiter.DepartureWindow - TimeSpan.FromMilliseconds(500), wait);
        Assert.Equal(wait, limiter.TryDepart(phone, rate)); // asking again records nothing

        clock.Advance(wait);
        Assert.Equal(TimeSpan.Zero, limiter.TryDepart(phone, rate));
        Assert.Equal(TimeSpan.FromMilliseconds(250), limiter.TryDepart(phone, rate)); // now the second is the oldest

        // Another number counts its own departures.
        Assert.Equal(TimeSpan.Zero, limiter.TryDepart(Guid.CreateVersion7(), rate));
    }

    [Fact]
    public void A_recipient_gets_a_burst_then_one_message_per_interval()
    {
        var clock = new ManualClock();
        var pacer = new RecipientPacer(clock, Options.Create(new MessagingOptions { RecipientBurst = 3, RecipientInterval = TimeSpan.FromSeconds(6), RecipientPacingCapacity = 100 }));
        var phone = Guid.CreateVersion7();

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Equal(TimeSpan.Zero, pacer.TryTake(phone, "5511900000001")));
        Assert.Equal(TimeSpan.FromSeconds(6), pacer.TryTake(phone, "5511900000001"));
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(phone, "5511900000002"));

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), pacer.TryTake(phone, "5511900000001"));
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(phone, "5511900000001"));

        // Meta's 131056: the pair waits as long as Meta asked.
        pacer.Penalize(phone, "5511900000002", TimeSpan.FromSeconds(16));
        Assert.Equal(TimeSpan.FromSeconds(22), pacer.TryTake(phone, "5511900000002"));
    }

    [Fact]
    public void The_pacer_forgets_the_least_recently_used_recipients_beyond_its_capacity()
    {
        var clock = new ManualClock();
        var pacer = new RecipientPacer(clock, Options.Create(new MessagingOptions { RecipientBurst = 1, RecipientInterval = TimeSpan.FromMinutes(1), RecipientPacingCapacity = 100 }));
        var phone = Guid.CreateVersion7();
        Assert.Equal(TimeSpan.Zero, pacer.TryTake(phone, "first"));
        Assert.NotEqual(TimeSpan.Zero, pacer.TryTake(phone, "first"));
        for (var i = 0; i < 100; i++)
        {
            pacer.TryTake(phone, $"other-{i}");
        }

        Assert.Equal(TimeSpan.Zero, pacer.TryTake(phone, "first"));
    }
}
