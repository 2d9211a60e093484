namespace NanoKvm.Client.Video;

/// <summary>Where a <see cref="FrameDetectionState"/> comes from.</summary>
public enum FrameDetectionSource
{
    /// <summary>Read from the device (<c>GET /api/stream/mjpeg/detect</c>, firmware 2.2.0–2.2.2).</summary>
    Device,

    /// <summary>
    /// The value this client last set since the device last restarted (firmware 2.2.3+, which has no way to read it).
    /// Other viewers may have changed it since — the device's web UI switches it off on every page load in MJPEG mode
    /// unless that browser enabled it.
    /// </summary>
    LastSetByThisClient,

    /// <summary>Firmware 2.2.3+ and this client has not set it since the device last restarted.</summary>
    Unknown,
}

/// <summary>MJPEG frame detection as far as the client can tell.</summary>
/// <param name="Enabled">True when unchanged frames are skipped; null when <paramref name="Source"/> is <see cref="FrameDetectionSource.Unknown"/>.</param>
/// <param name="Source">Whether the device reported it or the client remembers it.</param>
public sealed record FrameDetectionState(bool? Enabled, FrameDetectionSource Source);
