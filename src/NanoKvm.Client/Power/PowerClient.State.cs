using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NanoKvm.Client.Power;

// Idempotent power: read the power LED, press only when the host is not already in the requested state, then wait for
// the LED to show it. The LED is the only power state the device can read (GET /api/vm/gpio `pwr`, the GPIO read
// active-low in service/vm/gpio.go readGpio), so these calls are exactly as reliable as its wiring.
[SuppressMessage("Reliability", "CA1001", Justification = "SemaphoreSlim needs disposing only when its wait handle is used, which it never is here.")]
public partial class PowerClient
{
    // Two overlapping calls must not both see "off" and both press: the second press would undo the first.
    private readonly SemaphoreSlim _stateGate = new(1, 1);

    /// <summary>
    /// Switches the host on unless the power LED already shows it on: reads the LED, presses the power button briefly
    /// when it is dark, and waits until it lights. Calling it again on a running host presses nothing.
    /// </summary>
    /// <remarks>
    /// <para>The LED must be wired to the NanoKVM's power-LED header. An unwired LED reads dark whatever the host does,
    /// so this call cannot tell a running host from an off one: it presses every time — on a running host that press
    /// asks the OS to shut down — and then times out. Check the wiring once with <see cref="GetLedsAsync"/> while the
    /// host runs; without a wired LED use <see cref="PressPowerAsync"/> and judge the state yourself (e.g. from a
    /// screenshot).</para>
    /// <para>Calls of one client are serialized, so two overlapping calls press at most once.</para>
    /// </remarks>
    /// <param name="options">Wait, poll interval and press duration; null for defaults (30 s wait).</param>
    /// <param name="cancellationToken">Cancels the wait (a press already sent still happens).</param>
    /// <returns>Whether the button was pressed, and the LED reading that showed the host on.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (nothing is sent).</exception>
    /// <exception cref="NanoKvmTimeoutException">The LED stayed dark for the whole wait after the press.</exception>
    public virtual async Task<PowerStateResult> PowerOnAsync(PowerStateOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PowerStateOptions();
        var timeout = Validate(options, PowerStateOptions.DefaultPowerOnTimeout);
        _owner.ThrowIfDisposed();
        await _stateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var leds = await GetLedsAsync(cancellationToken).ConfigureAwait(false);
            if (leds.PowerOn)
            {
                return new PowerStateResult(Pressed: false, ForcedOff: false, leds);
            }

            await PressPowerAsync(options.PressDuration, cancellationToken).ConfigureAwait(false);
            try
            {
                leds = await WaitForPowerLedAsync(true, timeout, options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (NanoKvmTimeoutException ex)
            {
                throw new NanoKvmTimeoutException(
                    $"The power button was pressed but the power LED stayed dark for {Seconds(timeout)} s. Either the host did not start "
                    + "(no mains power, a board that ignores the button), or the power-LED header is not wired to the NanoKVM: an unwired LED "
                    + "always reads dark, so this call cannot see a running host, and on a host that was already running the press asked its OS "
                    + "to shut down. Check the wiring with GetLedsAsync while the host runs.",
                    ex.Endpoint,
                    ex);
            }

            return new PowerStateResult(Pressed: true, ForcedOff: false, leds);
        }
        finally
        {
            _stateGate.Release();
        }
    }

    /// <summary>
    /// Shuts the host down unless the power LED already shows it off: reads the LED, presses the power button briefly
    /// when it is lit (the OS is asked to shut down, as with the case button), and waits until it goes dark. Calling it
    /// again on an off host presses nothing.
    /// </summary>
    /// <remarks>
    /// <para>The LED must be wired to the NanoKVM's power-LED header: an unwired LED reads dark, so this call then
    /// returns at once without pressing (<see cref="PowerStateResult.Pressed"/> false) although the host may be
    /// running.</para>
    /// <para>An OS may ignore the power button, ask the user first, or take minutes (updates). When the LED is still lit
    /// after the wait the call fails, unless <see cref="PowerStateOptions.ForceOffAfterTimeout"/> asks it to hold the
    /// button for a forced off (<see cref="ForceOffAsync"/>) and wait up to
    /// <see cref="PowerStateOptions.ForcedOffSettleTime"/> more.</para>
    /// <para>Calls of one client are serialized, so two overlapping calls press at most once.</para>
    /// </remarks>
    /// <param name="options">Wait, poll interval, press duration and forced-off fallback; null for defaults (3 min wait, no force).</param>
    /// <param name="cancellationToken">Cancels the wait (a press already sent still happens).</param>
    /// <returns>Whether the button was pressed, whether the host had to be forced off, and the LED reading that showed it off.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (nothing is sent).</exception>
    /// <exception cref="NanoKvmTimeoutException">The LED stayed lit for the whole wait (and, with the fallback, after the forced off).</exception>
    public virtual async Task<PowerStateResult> PowerOffAsync(PowerStateOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PowerStateOptions();
        var timeout = Validate(options, PowerStateOptions.DefaultPowerOffTimeout);
        _owner.ThrowIfDisposed();
        await _stateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var leds = await GetLedsAsync(cancellationToken).ConfigureAwait(false);
            if (!leds.PowerOn)
            {
                return new PowerStateResult(Pressed: false, ForcedOff: false, leds);
            }

            await PressPowerAsync(options.PressDuration, cancellationToken).ConfigureAwait(false);
            try
            {
                leds = await WaitForPowerLedAsync(false, timeout, options.PollInterval, cancellationToken).ConfigureAwait(false);
                return new PowerStateResult(Pressed: true, ForcedOff: false, leds);
            }
            catch (NanoKvmTimeoutException ex) when (!options.ForceOffAfterTimeout)
            {
                throw new NanoKvmTimeoutException(
                    $"The host was asked to shut down but its power LED was still lit after {Seconds(timeout)} s: the OS ignored the power "
                    + "button, is asking a question on screen, or needs longer. Wait longer (PowerStateOptions.Timeout), force it off "
                    + "(ForceOffAsync, or PowerStateOptions.ForceOffAfterTimeout), or check the screen.",
                    ex.Endpoint,
                    ex);
            }
            catch (NanoKvmTimeoutException)
            {
                // Asked to fall back: hold the button as the case button's long press would.
            }

            await ForceOffAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                leds = await WaitForPowerLedAsync(false, PowerStateOptions.ForcedOffSettleTime, options.PollInterval, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (NanoKvmTimeoutException ex)
            {
                throw new NanoKvmTimeoutException(
                    $"The power button was held {Seconds(DefaultForceOffDuration)} s to force the host off, but its power LED was still lit "
                    + $"{Seconds(PowerStateOptions.ForcedOffSettleTime)} s later: the board ignores the power header, or the LED is not the host's.",
                    ex.Endpoint,
                    ex);
            }

            return new PowerStateResult(Pressed: true, ForcedOff: true, leds);
        }
        finally
        {
            _stateGate.Release();
        }
    }

    private static TimeSpan Validate(PowerStateOptions options, TimeSpan defaultTimeout)
    {
        var timeout = options.Timeout ?? defaultTimeout;
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "PowerStateOptions.Timeout must be positive and at most one hour.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PollInterval, "PowerStateOptions.PollInterval must be positive and at most one minute.");
        }

        if (options.PressDuration < TimeSpan.FromMilliseconds(1) || options.PressDuration >= MinimumForceOffDuration)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.PressDuration,
                $"PowerStateOptions.PressDuration must be at least 1 ms and shorter than {Seconds(MinimumForceOffDuration)} s (a longer press forces the host off).");
        }

        return timeout;
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
