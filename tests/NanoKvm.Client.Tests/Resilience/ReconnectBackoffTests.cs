using NanoKvm.Client.Resilience;

namespace NanoKvm.Client.Tests.Resilience;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_grow_by_two_up_to_the_cap_and_stay_within_half_to_full_schedule()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), new Random(7));
        double[] ceilings = [100, 200, 400, 800, 1600, 2000, 2000, 2000];
        foreach (var ceiling in ceilings)
        {
            Assert.Equal(ceiling, backoff.NextCeiling.TotalMilliseconds);
            var delay = backoff.Next().TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Jitter_spreads_clients_that_fail_together()
    {
        var draws = Enumerable.Range(0, 50)
            .Select(seed => new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new Random(seed)).Next())
            .Distinct()
            .Count();
        Assert.True(draws > 40, $"only {draws} distinct delays among 50 clients");
    }

    [Fact]
    public void Only_a_connection_that_lived_long_enough_restarts_the_schedule()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), new Random(1));
        backoff.Next();
        backoff.Next();
        backoff.Next();

        Assert.False(backoff.ConnectionEnded(TimeSpan.FromSeconds(1)));
        Assert.Equal(800, backoff.NextCeiling.TotalMilliseconds);

        Assert.True(backoff.ConnectionEnded(TimeSpan.FromSeconds(11)));
        Assert.Equal(100, backoff.NextCeiling.TotalMilliseconds);
    }

    [Fact]
    public void A_flapping_peer_is_held_to_the_cap_rate()
    {
        // 10 s of a device that closes every socket at once: attempts are bounded by the schedule, not by the network.
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), new Random(3));
        var elapsed = TimeSpan.Zero;
        var attempts = 0;
        while (elapsed < TimeSpan.FromSeconds(10))
        {
            elapsed += backoff.Next();
            backoff.ConnectionEnded(TimeSpan.Zero);
            attempts++;
        }

        Assert.InRange(attempts, 4, 10);
    }

    [Fact]
    public void Rejects_a_schedule_that_cannot_work()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.Zero));
    }
}
