namespace NanoKvm.Client.Video;

/// <summary>How <see cref="VideoClient.GetScreenshotAsync"/> and the screen waits obtain a fresh frame.</summary>
public sealed class ScreenshotOptions
{
    /// <summary>The defaults: 10 s timeout, 200 ms settle, 1 s static-screen grace, frame detection bypassed when needed.</summary>
    public static ScreenshotOptions Default { get; } = new();

    /// <summary>
    /// Longest wait for a frame. When it passes, <see cref="NanoKvmTimeoutException"/> says the HDMI signal is probably
    /// absent. Default 10 s.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Minimum time between the last keyboard/mouse input sent through this client and the frame: capture lags input
    /// by about a frame, so a screenshot taken right after a click could miss its effect. Only waits when input was
    /// that recent. Default 200 ms; <see cref="TimeSpan.Zero"/> disables it.
    /// </summary>
    public TimeSpan SettleDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// With MJPEG frame detection on, a static screen sends no frames at all. When no frame arrived within this
    /// time, the screenshot switches frame detection off for the call (see <see cref="BypassFrameDetection"/>).
    /// Default 1 s.
    /// </summary>
    public TimeSpan StaticScreenGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a screenshot on a silent stream may turn the device's frame detection off until it has its frame,
    /// then on again (<c>POST /api/stream/mjpeg/detect</c>). Frame detection is device-global: other viewers see more
    /// traffic meanwhile. When false, a static screen with detection on waits until <see cref="Timeout"/>. Default true.
    /// </summary>
    public bool BypassFrameDetection { get; init; } = true;

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Screenshot timeout must be between 0 and 10 minutes.");
        }

        if (SettleDelay < TimeSpan.Zero || SettleDelay > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(SettleDelay), SettleDelay, "Settle delay must be between 0 and 10 s.");
        }

        if (StaticScreenGrace <= TimeSpan.Zero || StaticScreenGrace > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(StaticScreenGrace), StaticScreenGrace, "Static-screen grace must be between 0 and 1 minute.");
        }
    }
}
