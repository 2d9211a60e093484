namespace NanoKvm.Client.Resilience;

/// <summary>
/// When a Websocket.Client connection factory may make its next attempt, and whether it must log in afresh first. The
/// library reconnects at once after a server close or a loss; a device that refuses, or accepts and drops, every
/// connection would be hammered. So the factory asks here first: no wait after a connection that lived long enough,
/// the back-off schedule after a failed attempt or a short-lived connection. Thread-safe (the library calls the
/// factory from its own tasks).
/// </summary>
internal sealed class ConnectionPacer
{
    private readonly ReconnectBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private bool _previousFailed;
    private DateTimeOffset? _previousOpenedAt;
    private bool _renewSession;

    public ConnectionPacer(ReconnectBackoff backoff, TimeProvider time)
    {
        _backoff = backoff;
        _time = time;
    }

    /// <summary>How long a connection must live for its end not to count as a failure.</summary>
    public TimeSpan StableAfter => _backoff.StableAfter;

    /// <summary>The wait before the next attempt (zero for the first one and after a stable connection).</summary>
    public TimeSpan BeforeAttempt()
    {
        lock (_gate)
        {
            var shortLived = _previousOpenedAt is { } opened && _time.GetUtcNow() - opened < _backoff.StableAfter;
            if (_previousFailed || shortLived)
            {
                return _backoff.Next();
            }

            _backoff.Reset();
            return TimeSpan.Zero;
        }
    }

    /// <summary>Waits out <see cref="BeforeAttempt"/>.</summary>
    /// <returns>True when this attempt must log in afresh first (asked for by <see cref="RenewSessionFirst"/>).</returns>
    public async Task<bool> WaitBeforeAttemptAsync(CancellationToken cancellationToken)
    {
        var delay = BeforeAttempt();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            var renew = _renewSession;
            _renewSession = false;
            return renew;
        }
    }

    /// <summary>The device revoked the session (close 4401): the next attempt logs in afresh first.</summary>
    public void RenewSessionFirst()
    {
        lock (_gate)
        {
            _renewSession = true;
        }
    }

    /// <summary>An attempt opened a connection at <paramref name="openedAt"/>.</summary>
    public void Opened(DateTimeOffset openedAt)
    {
        lock (_gate)
        {
            _previousFailed = false;
            _previousOpenedAt = openedAt;
        }
    }

    /// <summary>An attempt failed; a fresh login it was to make is still owed to the next one.</summary>
    public void Failed(bool renewSession)
    {
        lock (_gate)
        {
            _previousFailed = true;
            _renewSession |= renewSession;
        }
    }

    /// <summary>Whether a connection opened at <paramref name="openedAt"/> has lived long enough to count as stable.</summary>
    public bool LivedStably(DateTimeOffset openedAt) => _time.GetUtcNow() - openedAt >= _backoff.StableAfter;

    /// <summary>Whether the last connection opened has lived long enough to count as stable (false before any).</summary>
    public bool LastLivedStably()
    {
        lock (_gate)
        {
            return _previousOpenedAt is { } opened && LivedStably(opened);
        }
    }
}
