namespace NanoKvm.Mcp.Policy;

/// <summary>
/// Sliding-log rate limiter. "N per window" means: a call that needs k slots is admitted only if at most N − k
/// slots of the same bucket have timestamps in the half-open interval (now − window, now]. A slot taken at time t
/// is therefore free again at exactly t + window. Checking and taking slots for every limit of a call happens
/// under one lock, so concurrent calls can never overshoot a limit, and a call either takes all the slots it needs
/// on all of its limits or none.
/// </summary>
internal sealed class RateLimiter(TimeProvider timeProvider)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Slot>> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes the slots a call needs in each bucket, or none when any limit has no room for them.</summary>
    /// <param name="demands">
    /// Every limit that applies to the call, the bucket it counts in, and how many slots the call needs there (the
    /// same number for every limit on one bucket: a batch of 20 clicks needs 20).
    /// </param>
    /// <returns>The reservation; or the limit that blocks the call and when it may be retried; or the limit it can never fit.</returns>
    public RateLimitOutcome TryReserve(IReadOnlyList<LimitDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(demands);
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            LimitDemand? blocking = null;
            var retryAt = DateTimeOffset.MinValue;
            foreach (var demand in demands)
            {
                var rule = demand.Rule;
                if (demand.Count > rule.Max)
                {
                    // No amount of waiting makes room: refuse now instead of sending the caller into a retry loop.
                    return new RateLimitOutcome(null, demand, null, null, NeverFits: true);
                }

                var slots = Trim(demand.BucketKey, rule.Window.ToTimeSpan(), now);
                var excess = slots.Count + demand.Count - rule.Max;
                if (excess > 0)
                {
                    // The oldest slots leave first; once `excess` of them have left, the call fits.
                    var freeAt = slots[excess - 1].Time + rule.Window.ToTimeSpan();
                    if (blocking is null || freeAt > retryAt)
                    {
                        blocking = demand;
                        retryAt = freeAt;
                    }
                }
            }

            if (blocking is not null)
            {
                return new RateLimitOutcome(null, blocking, retryAt, retryAt - now, NeverFits: false);
            }

            var taken = new List<(string, Slot)>();
            foreach (var (key, count) in demands.GroupBy(d => d.BucketKey, StringComparer.Ordinal).Select(g => (g.Key, g.Max(d => d.Count))))
            {
                for (var i = 0; i < count; i++)
                {
                    var slot = new Slot(now);
                    _buckets[key].Add(slot);
                    taken.Add((key, slot));
                }
            }

            return new RateLimitOutcome(new LimitReservation(this, taken), null, null, null, NeverFits: false);
        }
    }

    /// <summary>Number of slots currently held in a bucket (for diagnostics and tests).</summary>
    public int Count(string bucketKey, LimitWindow window)
    {
        lock (_gate)
        {
            return Trim(bucketKey, window.ToTimeSpan(), timeProvider.GetUtcNow()).Count;
        }
    }

    internal void Release(IReadOnlyList<(string Key, Slot Slot)> taken)
    {
        lock (_gate)
        {
            foreach (var (key, slot) in taken)
            {
                if (_buckets.TryGetValue(key, out var slots))
                {
                    slots.Remove(slot);
                }
            }
        }
    }

    private List<Slot> Trim(string key, TimeSpan window, DateTimeOffset now)
    {
        if (!_buckets.TryGetValue(key, out var slots))
        {
            slots = [];
            _buckets.Add(key, slots);
            return slots;
        }

        var cutoff = now - window;
        var expired = 0;
        while (expired < slots.Count && slots[expired].Time <= cutoff)
        {
            expired++;
        }

        slots.RemoveRange(0, expired);
        return slots;
    }

    /// <summary>One admitted call in a bucket; a reference type so a reservation can give back exactly its own slot.</summary>
    internal sealed class Slot(DateTimeOffset time)
    {
        public DateTimeOffset Time { get; } = time;
    }
}

/// <summary>One limit a call must fit: its rule, the bucket it counts in, and the slots the call needs there.</summary>
internal sealed record LimitDemand(RateLimitRule Rule, string BucketKey, int Count);

/// <summary>Result of <see cref="RateLimiter.TryReserve"/>: a reservation, or the blocking limit and retry time.</summary>
/// <param name="Reservation">The slots taken, when the call fits.</param>
/// <param name="Blocking">The limit that has no room (the one free latest when several have none).</param>
/// <param name="RetryAt">When that limit has room for the call.</param>
/// <param name="RetryAfter">How long until then.</param>
/// <param name="NeverFits">True when the call needs more slots than the limit ever holds.</param>
internal sealed record RateLimitOutcome(
    LimitReservation? Reservation,
    LimitDemand? Blocking,
    DateTimeOffset? RetryAt,
    TimeSpan? RetryAfter,
    bool NeverFits);

/// <summary>Slots a call holds. Released only when the call is not carried out (for example approval was refused).</summary>
internal sealed class LimitReservation
{
    private readonly RateLimiter _limiter;
    private readonly IReadOnlyList<(string Key, RateLimiter.Slot Slot)> _taken;
    private int _released;

    internal LimitReservation(RateLimiter limiter, IReadOnlyList<(string Key, RateLimiter.Slot Slot)> taken)
    {
        _limiter = limiter;
        _taken = taken;
    }

    /// <summary>Gives the slots back so a call that never ran does not count against the limit.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _limiter.Release(_taken);
        }
    }
}
