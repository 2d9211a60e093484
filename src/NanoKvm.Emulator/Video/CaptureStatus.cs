namespace NanoKvm.Emulator.Video;

/// <summary>
/// One <c>capture-status</c> record as the device pushes it on <c>/api/ws</c> (2.4.2+): the last capture result of a
/// stream mode. The HID WebSocket route sends these (<see cref="Host.ScreenModel.CaptureStatusChanged"/>).
/// </summary>
/// <param name="Ok">True when the result is not an error (≥ 0).</param>
/// <param name="Result">The capture result code (0 frame, 5 unchanged, −1 no image, …).</param>
/// <param name="Message">The device's text for the code, empty when OK.</param>
/// <param name="Mode"><c>mjpeg</c>, <c>h264</c> or <c>direct</c>.</param>
/// <param name="Severity">Empty, <c>warning</c> or <c>error</c>.</param>
/// <param name="UpdatedAt">When the status changed.</param>
public sealed record CaptureStatus(bool Ok, int Result, string Message, string Mode, string Severity, DateTimeOffset UpdatedAt)
{
    internal static CaptureStatus From(string mode, int result, DateTimeOffset at)
    {
        var (message, severity) = result switch
        {
            -7 => ("HDMI input resolution error", "error"),
            -6 => ("Unsupported HDMI resolution", "error"),
            -5 => ("Retrieving image", "warning"),
            -4 => ("Changing image resolution", "warning"),
            -3 => ("Image buffer full", "error"),
            -2 => ("Encoder error", "error"),
            -1 => ("No image captured", "error"),
            < 0 => ("Capture failed", "error"),
            _ => (string.Empty, string.Empty),
        };
        return new CaptureStatus(result >= 0, result, message, mode, severity, at);
    }

    /// <summary>The device only publishes a status when its public meaning changed (any two OK results are equal).</summary>
    internal bool SamePublicStatus(CaptureStatus other) =>
        (Ok && other.Ok) || (Ok == other.Ok && Result == other.Result && Mode == other.Mode);
}
