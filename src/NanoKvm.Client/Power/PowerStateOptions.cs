namespace NanoKvm.Client.Power;

/// <summary>Options of <see cref="PowerClient.PowerOnAsync"/> and <see cref="PowerClient.PowerOffAsync"/>.</summary>
public sealed class PowerStateOptions
{
    /// <summary>Default wait for the power LED after a power-on press: 30 s (the LED follows the supply within seconds).</summary>
    public static TimeSpan DefaultPowerOnTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Default wait for the power LED after a shutdown request: 3 minutes (an OS may take long to shut down).</summary>
    public static TimeSpan DefaultPowerOffTimeout { get; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the power LED may take to go dark after a forced-off press before the call fails: 15 s.</summary>
    public static TimeSpan ForcedOffSettleTime { get; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long to wait for the power LED to reach the requested state after the press; null for
    /// <see cref="DefaultPowerOnTimeout"/> or <see cref="DefaultPowerOffTimeout"/>. Positive, at most one hour.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Time between LED reads while waiting; default <see cref="PowerClient.DefaultLedPollInterval"/>. Positive.</summary>
    public TimeSpan PollInterval { get; set; } = PowerClient.DefaultLedPollInterval;

    /// <summary>
    /// How long the power button is held; default <see cref="PowerClient.DefaultPressDuration"/>. Must stay below
    /// <see cref="PowerClient.MinimumForceOffDuration"/>, or the press would force the host off instead.
    /// </summary>
    public TimeSpan PressDuration { get; set; } = PowerClient.DefaultPressDuration;

    /// <summary>
    /// <see cref="PowerClient.PowerOffAsync"/> only: when the host is still on after <see cref="Timeout"/>, hold the
    /// button to force it off (<see cref="PowerClient.ForceOffAsync"/>) instead of failing. Default false: a forced off
    /// loses unsaved work.
    /// </summary>
    public bool ForceOffAfterTimeout { get; set; }
}

/// <summary>What <see cref="PowerClient.PowerOnAsync"/> or <see cref="PowerClient.PowerOffAsync"/> did.</summary>
/// <param name="Pressed">False when the power LED already showed the requested state, so nothing was pressed.</param>
/// <param name="ForcedOff">True when the host ignored the shutdown request and was forced off (<see cref="PowerStateOptions.ForceOffAfterTimeout"/>).</param>
/// <param name="Leds">The LED reading that showed the requested state.</param>
public sealed record PowerStateResult(bool Pressed, bool ForcedOff, PowerLeds Leds);
