using System.Globalization;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Power;

/// <summary>ATX power and reset buttons, power/HDD LEDs and Wake-on-LAN.</summary>
/// <remarks>
/// <para>
/// Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session. Button presses use
/// <c>POST /api/vm/gpio</c>, which holds the button for the whole duration before the device answers, so each press
/// takes at least its duration; the client adds the duration to its request timeout.
/// </para>
/// <para>
/// The LED readings are only as good as the wiring: a NanoKVM whose power LED header is not connected to the host
/// reads "off" permanently, so waiting for "on" times out.
/// </para>
/// </remarks>
public partial class PowerClient
{
    private const string GpioPath = "/api/vm/gpio";
    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected PowerClient()
    {
        _owner = null!;
    }

    internal PowerClient(NanoKvmClient owner)
    {
        _owner = owner;
    }

    /// <summary>Duration of a short press of the power or reset button: 800 ms, like the device's web UI.</summary>
    public static TimeSpan DefaultPressDuration { get; } = TimeSpan.FromMilliseconds(800);

    /// <summary>
    /// Duration of the long press that forces the host off: 5 s. ATX boards force off after holding the button for
    /// about 4 s, so a force-off press must be at least <see cref="MinimumForceOffDuration"/>.
    /// </summary>
    public static TimeSpan DefaultForceOffDuration { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest press <see cref="ForceOffAsync"/> accepts: 4 s, the ATX force-off threshold.</summary>
    public static TimeSpan MinimumForceOffDuration { get; } = TimeSpan.FromSeconds(4);

    /// <summary>The longest press accepted: 60 s. The device has no limit, but holds the HTTP call for the whole press.</summary>
    public static TimeSpan MaximumPressDuration { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Default time a power cycle leaves the host off before switching it on again: 5 s.</summary>
    public static TimeSpan DefaultPowerCycleOffTime { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Default interval between LED reads while waiting: 1 s.</summary>
    public static TimeSpan DefaultLedPollInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Presses the power button briefly: switches an off host on, or asks a running OS to shut down (ACPI).
    /// Returns when the button is released.
    /// </summary>
    /// <param name="duration">How long to hold the button; default <see cref="DefaultPressDuration"/>, at most <see cref="MaximumPressDuration"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the device may still complete the press).</param>
    /// <returns>A task that completes when the device released the button.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive or too long.</exception>
    public virtual Task PressPowerAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default) =>
        PressAsync("power", duration ?? DefaultPressDuration, nameof(duration), TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Holds the power button long enough to force the host off, without asking its OS (default 5 s). ATX boards
    /// need the button held for at least 4 s. On a host that is already off it stays off.
    /// </summary>
    /// <param name="duration">How long to hold the button; default <see cref="DefaultForceOffDuration"/>, between
    /// <see cref="MinimumForceOffDuration"/> and <see cref="MaximumPressDuration"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the device may still complete the press).</param>
    /// <returns>A task that completes when the device released the button.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is shorter than 4 s or too long.</exception>
    public virtual Task ForceOffAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default) =>
        PressAsync("power", duration ?? DefaultForceOffDuration, nameof(duration), MinimumForceOffDuration, cancellationToken);

    /// <summary>Presses the reset button (default 800 ms): a running host reboots at once, without shutting down.</summary>
    /// <param name="duration">How long to hold the button; default <see cref="DefaultPressDuration"/>, at most <see cref="MaximumPressDuration"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the device may still complete the press).</param>
    /// <returns>A task that completes when the device released the button.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive or too long.</exception>
    public virtual Task ResetAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default) =>
        PressAsync("reset", duration ?? DefaultPressDuration, nameof(duration), TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Power-cycles the host: forces it off (<see cref="ForceOffAsync"/>), waits <paramref name="offTime"/>, then
    /// presses power to switch it on. Works whether the host was on or off.
    /// </summary>
    /// <param name="offTime">How long the host stays off; default <see cref="DefaultPowerCycleOffTime"/>, 0 to 10 minutes.</param>
    /// <param name="cancellationToken">Cancels the cycle; if cancelled while waiting, the host stays off.</param>
    /// <returns>A task that completes when the power button was released the second time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offTime"/> is negative or longer than 10 minutes.</exception>
    public virtual async Task PowerCycleAsync(TimeSpan? offTime = null, CancellationToken cancellationToken = default)
    {
        var wait = offTime ?? DefaultPowerCycleOffTime;
        if (wait < TimeSpan.Zero || wait > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(offTime), wait, "The off time must be between 0 and 10 minutes.");
        }

        await ForceOffAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _owner.Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        await PressPowerAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the power and HDD LEDs (<c>GET /api/vm/gpio</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The LED state. <see cref="PowerLeds.HddActive"/> is only meaningful on Alpha hardware.</returns>
    public virtual Task<PowerLeds> GetLedsAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        return _owner.Api.GetAsync(GpioPath, PowerJsonContext.Default.PowerLeds, cancellationToken);
    }

    /// <summary>
    /// Polls the power LED until it shows <paramref name="lit"/>, e.g. after <see cref="PressPowerAsync"/>. An LED
    /// whose header is not wired to the KVM always reads off, so waiting for "on" then times out.
    /// </summary>
    /// <param name="lit">The state to wait for: true for lit (host on), false for dark (host off).</param>
    /// <param name="timeout">How long to wait in total; positive.</param>
    /// <param name="pollInterval">Time between reads; default <see cref="DefaultLedPollInterval"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The LED state that matched.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A time is not positive.</exception>
    /// <exception cref="NanoKvmTimeoutException">The LED did not reach the state within <paramref name="timeout"/>.</exception>
    public virtual async Task<PowerLeds> WaitForPowerLedAsync(
        bool lit, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var interval = pollInterval ?? DefaultLedPollInterval;
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(pollInterval), interval, "The poll interval must be positive.");
        }

        _owner.ThrowIfDisposed();
        var time = _owner.Options.TimeProvider;
        var started = time.GetTimestamp();
        while (true)
        {
            var leds = await GetLedsAsync(cancellationToken).ConfigureAwait(false);
            if (leds.PowerOn == lit)
            {
                return leds;
            }

            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                LogLedWaitTimedOut(_owner.Logs.Power, lit, timeout.TotalSeconds);
                throw new NanoKvmTimeoutException(
                    $"The power LED did not turn {(lit ? "on" : "off")} within {timeout.TotalSeconds:0.###} s. " +
                    (lit ? "If the host is running, check that the power LED header is wired to the NanoKVM (an unwired LED always reads off)." : string.Empty),
                    "GET " + GpioPath,
                    innerException: null);
            }

            await Task.Delay(interval < remaining ? interval : remaining, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the device to broadcast a Wake-on-LAN magic packet on its network (<c>POST /api/network/wol</c>). The
    /// device remembers the address for its web UI.
    /// </summary>
    /// <param name="macAddress">The target's MAC: 12 hex digits, optionally separated by <c>:</c>, <c>-</c> or <c>.</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the packet was sent.</returns>
    /// <exception cref="ArgumentException"><paramref name="macAddress"/> is not a MAC address.</exception>
    public virtual async Task WakeOnLanAsync(string macAddress, CancellationToken cancellationToken = default)
    {
        var mac = MacAddressText.Normalize(macAddress, nameof(macAddress));
        _owner.ThrowIfDisposed();
        var body = ApiConnection.Json(new WakeOnLanRequest(mac), PowerJsonContext.Default.WakeOnLanRequest);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, "/api/network/wol", body), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task PressAsync(
        string button, TimeSpan duration, string parameterName, TimeSpan minimum, CancellationToken cancellationToken)
    {
        var milliseconds = (long)Math.Round(duration.TotalMilliseconds, MidpointRounding.AwayFromZero);
        if (milliseconds < 1 || duration < minimum || duration > MaximumPressDuration)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                duration,
                string.Create(CultureInfo.InvariantCulture, $"A {button} press must last between {Math.Max(1, minimum.TotalMilliseconds)} ms and {MaximumPressDuration.TotalSeconds} s."));
        }

        _owner.ThrowIfDisposed();
        var body = ApiConnection.Json(new GpioPressRequest(button, milliseconds), PowerJsonContext.Default.GpioPressRequest);

        // The device answers only after releasing the button, so the call needs the press duration on top of the timeout.
        var request = new ApiRequest(HttpMethod.Post, GpioPath, body, ExtraTimeout: TimeSpan.FromMilliseconds(milliseconds));
        LogPress(_owner.Logs.Power, button, milliseconds);
        await _owner.Api.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pressing the {Button} button for {Milliseconds} ms")]
    private static partial void LogPress(ILogger logger, string button, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Power LED did not reach lit={Lit} within {Seconds} s")]
    private static partial void LogLedWaitTimedOut(ILogger logger, bool lit, double seconds);
}
