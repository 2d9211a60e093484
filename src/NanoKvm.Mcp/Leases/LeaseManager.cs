using Microsoft.Extensions.Logging;
using NanoKvm.Mcp.Devices;

namespace NanoKvm.Mcp.Leases;

/// <summary>
/// One lease per device: the first client to send input holds it, others are refused until the holder has been idle
/// for the idle timeout, releases it, or is forced out. A watchdog ends idle leases; when a lease ends (idle, released
/// or taken over) after its holder sent input, every key and mouse button on the device is released, so nothing the
/// holder left pressed stays pressed for the next one. A take-over also cancels the old holder's running calls.
/// </summary>
internal sealed partial class LeaseManager : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, State> _leases = new(StringComparer.OrdinalIgnoreCase);
    private readonly DeviceRegistry _devices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _watchdog;

    public LeaseManager(TimeSpan idleTimeout, DeviceRegistry devices, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        IdleTimeout = idleTimeout;
        _devices = devices;
        _time = time;
        _logger = logger;
        var tick = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _watchdog = time.CreateTimer(_ => _ = ExpireIdleAsync(), null, tick, tick);
    }

    public TimeSpan IdleTimeout { get; }

    /// <summary>The device's lease, or null when nobody holds it.</summary>
    public LeaseView? Current(string device)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(device, out var state) && !IsExpired(state) ? View(device, state) : null;
        }
    }

    /// <summary>
    /// Starts an input call: takes the lease when it is free or expired, refuses when another holder has it. The
    /// token is cancelled if the lease is taken over while the call runs; dispose the result when the call ends.
    /// </summary>
    /// <exception cref="LeaseConflictException">Another holder's lease is in force.</exception>
    public async Task<LeaseUse> EnterAsync(string device, string holder)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(holder);
        State? ended = null;
        LeaseUse use;
        lock (_gate)
        {
            if (_leases.TryGetValue(device, out var state) && !string.Equals(state.Holder, holder, StringComparison.Ordinal))
            {
                if (!IsExpired(state))
                {
                    throw new LeaseConflictException(View(device, state), holder, Remaining(state));
                }

                ended = state;
                _leases.Remove(device);
                state = null;
            }

            if (state is null)
            {
                state = new State(holder);
                _leases[device] = state;
            }

            state.InFlight++;
            state.DidInput = true;
            state.LastActivity = _time.GetUtcNow();
            use = new LeaseUse(this, device, state, state.Cancellation.Token);
        }

        if (ended is not null)
        {
            await EndAsync(device, ended, "expired");
        }

        return use;
    }

    /// <summary>Takes the lease for <paramref name="holder"/>; with <paramref name="force"/>, from another holder.</summary>
    /// <exception cref="LeaseConflictException">Another holder has it and <paramref name="force"/> is false.</exception>
    public async Task<LeaseView> AcquireAsync(string device, string holder, bool force)
    {
        State? ended = null;
        LeaseView view;
        lock (_gate)
        {
            if (_leases.TryGetValue(device, out var state) && !string.Equals(state.Holder, holder, StringComparison.Ordinal))
            {
                if (!IsExpired(state) && !force)
                {
                    throw new LeaseConflictException(View(device, state), holder, Remaining(state));
                }

                ended = state;
                _leases.Remove(device);
                state = null;
            }

            state ??= _leases[device] = new State(holder);
            state.LastActivity = _time.GetUtcNow();
            view = View(device, state);
        }

        if (ended is not null)
        {
            await EndAsync(device, ended, force ? $"taken over by '{holder}'" : "expired");
        }

        return view;
    }

    /// <summary>Gives the lease up (releasing held input); false when <paramref name="holder"/> does not hold it.</summary>
    public async Task<bool> ReleaseAsync(string device, string holder)
    {
        State? ended;
        lock (_gate)
        {
            if (!_leases.TryGetValue(device, out ended) || !string.Equals(ended.Holder, holder, StringComparison.Ordinal))
            {
                return false;
            }

            _leases.Remove(device);
        }

        await EndAsync(device, ended, "released");
        return true;
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        lock (_gate)
        {
            foreach (var state in _leases.Values)
            {
                state.Cancellation.Dispose();
            }

            _leases.Clear();
        }
    }

    /// <summary>The watchdog: ends every lease whose holder has been idle for the timeout.</summary>
    internal async Task ExpireIdleAsync()
    {
        List<(string Device, State State)> expired;
        lock (_gate)
        {
            expired = [.. _leases.Where(l => IsExpired(l.Value)).Select(l => (l.Key, l.Value))];
            foreach (var (device, _) in expired)
            {
                _leases.Remove(device);
            }
        }

        foreach (var (device, state) in expired)
        {
            await EndAsync(device, state, "expired");
        }
    }

    private void Exit(string device, State state)
    {
        lock (_gate)
        {
            state.InFlight--;
            state.LastActivity = _time.GetUtcNow();
        }
    }

    private async Task EndAsync(string device, State state, string why)
    {
        LogLeaseEnded(_logger, device, state.Holder, why);
        await state.Cancellation.CancelAsync();
        if (!state.DidInput)
        {
            return;
        }

        try
        {
            var kvm = _devices.Resolve(device);
            if (kvm.HasClient)
            {
                await kvm.Client.Keyboard.ReleaseAllAsync(CancellationToken.None);
                await kvm.Client.Mouse.ReleaseAllAsync(CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // The watchdog must survive an unreachable device; the failure is logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReleaseFailed(_logger, device, state.Holder, e.Message);
        }
    }

    private bool IsExpired(State state) => state.InFlight == 0 && _time.GetUtcNow() - state.LastActivity >= IdleTimeout;

    private TimeSpan Remaining(State state) => state.LastActivity + IdleTimeout - _time.GetUtcNow();

    private LeaseView View(string device, State state) => new(device, state.Holder, state.LastActivity + IdleTimeout, state.InFlight > 0);

    [LoggerMessage(Level = LogLevel.Information, Message = "Input lease of {Device} held by {Holder} ended: {Why}")]
    private static partial void LogLeaseEnded(ILogger logger, string device, string holder, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the keys and buttons of {Device} after {Holder}'s lease failed: {Problem}")]
    private static partial void LogReleaseFailed(ILogger logger, string device, string holder, string problem);

    /// <summary>An input call in progress under a lease; disposing it marks the call finished.</summary>
    internal sealed class LeaseUse(LeaseManager owner, string device, State state, CancellationToken takenOver) : IDisposable
    {
        private int _disposed;

        /// <summary>Cancelled when another client takes the lease over while the call runs.</summary>
        public CancellationToken TakenOver { get; } = takenOver;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Exit(device, state);
            }
        }
    }

    internal sealed class State(string holder)
    {
        public string Holder { get; } = holder;

        public CancellationTokenSource Cancellation { get; } = new();

        public int InFlight { get; set; }

        public bool DidInput { get; set; }

        public DateTimeOffset LastActivity { get; set; }
    }
}
