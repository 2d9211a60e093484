namespace NanoKvm.Mcp.Policy;

/// <summary>
/// Sliding-log rate limiter. "N per window" means: a call is admitted only if fewer than N admitted calls on
/// the same bucket have timestamps in the half-open interval (now − window, now]. A slot taken at time t is
/// therefore free again at exactly t + window. Checking and taking slots for every limit of a call happens
/// under one lock, so concurrent calls can never overshoot a limit, and a call either takes a slot on all of
/// its limits or on none.
/// </summary>
internal sealed class RateLimiter(TimeProvider timeProvider)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Slot>> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one slot in each bucket, or none when any bucket is full.</summary>
    /// <param name="demands">The limits of the call and the bucket key each one counts in.</param>
    /// <returns>The reservation, or the limit that blocks the call and when it may be retried.</returns>
    public RateLimitOutcome TryReserve(IReadOnlyList<(RateLimitRule Rule, string BucketKey)> demands)
    {
        ArgumentNullException.ThrowIfNull(demands);
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            RateLimitRule? blocking = null;
            var retryAt = DateTimeOffset.MinValue;
            foreach (var (rule, key) in demands)
            {
                var slots = Trim(key, rule.Window.ToTimeSpan(), now);
                if (slots.Count >= rule.Max)
                {
                    // The oldest slots leave first; once count-max+1 of them have left, one is free.
                    var freeAt = slots[slots.Count - rule.Max].Time + rule.Window.ToTimeSpan();
                    if (blocking is null || freeAt > retryAt)
                    {
                        blocking = rule;
                        retryAt = freeAt;
                    }
                }
            }

            if (blocking is not null)
            {
                return new RateLimitOutcome(null, blocking, retryAt, retryAt - now);
            }

            var taken = new List<(string, Slot)>(demands.Count);
            foreach (var (_, key) in demands)
            {
                var slot = new Slot(now);
                _buckets[key].Add(slot);
                taken.Add((key, slot));
            }

            return new RateLimitOutcome(new LimitReservation(this, taken), null, null, null);
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

/// <summary>Result of <see cref="RateLimiter.TryReserve"/>: a reservation, or the blocking limit and retry time.</summary>
internal sealed record RateLimitOutcome(
    LimitReservation? Reservation,
    RateLimitRule? BlockingRule,
    DateTimeOffset? RetryAt,
    TimeSpan? RetryAfter);

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
