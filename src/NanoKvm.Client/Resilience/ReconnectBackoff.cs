namespace NanoKvm.Client.Resilience;

/// <summary>
/// Delays between reconnect attempts: exponential growth to a cap, with jitter, reset after a connection proved
/// itself. One instance per reconnect loop; not thread-safe (each loop owns its own).
/// </summary>
/// <remarks>
/// The delay of attempt n is drawn uniformly from [b/2, b] with b = min(initial·2ⁿ⁻¹, max) ("equal jitter"): never
/// less than half the schedule, so a device that refuses every connection sees a bounded rate whatever the random
/// draws, and never in lock-step with other clients reconnecting to the same device. A connection that lived shorter
/// than <see cref="StableAfter"/> does not reset the schedule: a socket the device closes right after opening would
/// otherwise reconnect at the initial delay forever.
/// </remarks>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, TimeSpan stableAfter, Random? random = null)
    {
        if (initial <= TimeSpan.Zero || max < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), "The initial delay must be positive and not above the cap.");
        }

        _initial = initial;
        _max = max;
        StableAfter = stableAfter;
        _random = random ?? Random.Shared;
    }

    /// <summary>How long a connection must have lived for its end to restart the schedule at the initial delay.</summary>
    public TimeSpan StableAfter { get; }

    /// <summary>Attempts since the last reset.</summary>
    public int Attempt => _attempt;

    /// <summary>The upper bound of the next delay, before jitter.</summary>
    public TimeSpan NextCeiling
    {
        get
        {
            var exponent = Math.Min(_attempt, 30);
            var ticks = Math.Min((double)_initial.Ticks * Math.Pow(2, exponent), _max.Ticks);
            return TimeSpan.FromTicks((long)ticks);
        }
    }

    /// <summary>The delay before the next attempt; advances the schedule.</summary>
    public TimeSpan Next()
    {
        var ceiling = NextCeiling;
        _attempt++;
        var half = ceiling.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(_random.NextDouble() * (ceiling.Ticks - half)));
    }

    /// <summary>Restarts the schedule when a connection that lived <paramref name="lived"/> ended.</summary>
    /// <returns>True when the schedule was reset.</returns>
    public bool ConnectionEnded(TimeSpan lived)
    {
        if (lived < StableAfter)
        {
            return false;
        }

        _attempt = 0;
        return true;
    }

    /// <summary>Restarts the schedule unconditionally (a deliberate reconnect, not a failure).</summary>
    public void Reset() => _attempt = 0;
}
