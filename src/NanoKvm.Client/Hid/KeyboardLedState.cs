namespace NanoKvm.Client.Hid;

/// <summary>The target host's lock-key LEDs as the device last saw them (firmware 2.5.0 and later).</summary>
/// <param name="NumLock">Num Lock LED on.</param>
/// <param name="CapsLock">Caps Lock LED on.</param>
/// <param name="ScrollLock">Scroll Lock LED on.</param>
/// <param name="Known">
/// False until the host has sent the keyboard an LED report (after boot or re-plug); the other values are then
/// meaningless defaults.
/// </param>
/// <param name="UpdatedAt">When the device received the state, or null when never.</param>
public sealed record KeyboardLedState(bool NumLock, bool CapsLock, bool ScrollLock, bool Known, DateTimeOffset? UpdatedAt);

/// <summary>A <c>capture-status</c> push: how the device's video capture is doing (firmware 2.4.2 and later).</summary>
/// <param name="Ok">Whether capture works.</param>
/// <param name="Result">The capture library's result code (0 success; negative codes name the failure).</param>
/// <param name="Message">The device's explanation.</param>
/// <param name="Mode">Stream mode the status belongs to: <c>mjpeg</c>, <c>h264</c> or <c>direct</c>.</param>
/// <param name="Severity">Empty, <c>warning</c> or <c>error</c>.</param>
/// <param name="UpdatedAt">When the device recorded it, when given.</param>
public sealed record CaptureStatus(bool Ok, int Result, string Message, string Mode, string Severity, DateTimeOffset? UpdatedAt);
