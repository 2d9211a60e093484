namespace NanoKvm.Client.Video;

/// <summary>Settings of the video side (MJPEG frames, screenshots, H.264).</summary>
public sealed class NanoKvmVideoOptions
{
    /// <summary>Largest MJPEG part or H.264 message accepted; a bigger one fails the stream instead of exhausting memory.</summary>
    public int MaxFrameBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// How long the MJPEG connection shared by screenshots and screen waits stays open after the last of them
    /// finished, so the next one gets a frame without reconnecting (and without the device's capture warm-up).
    /// Default 5 s; <see cref="TimeSpan.Zero"/> closes it at once.
    /// </summary>
    public TimeSpan StreamLinger { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the shared screenshot connection may stay silent while a frame is expected — frame detection is off,
    /// or a screenshot bypassed it with the HDMI signal present — before it counts as stalled (a frozen network path,
    /// a hung device process) and is replaced. A silent stream while frame detection may be on is a static screen and
    /// is left alone. Default 3 s: the device sends at least 10 frames per second when it sends every frame.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    internal void Validate()
    {
        if (MaxFrameBytes < 1024)
        {
            throw new ArgumentException("Video.MaxFrameBytes must be at least 1024.", nameof(MaxFrameBytes));
        }

        if (StreamLinger < TimeSpan.Zero || StreamLinger > TimeSpan.FromHours(1))
        {
            throw new ArgumentException("Video.StreamLinger must be between zero and one hour.", nameof(StreamLinger));
        }

        if (StallTimeout < TimeSpan.FromMilliseconds(100) || StallTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException("Video.StallTimeout must be between 100 ms and 10 minutes.", nameof(StallTimeout));
        }
    }

    internal void CopyTo(NanoKvmVideoOptions target)
    {
        target.MaxFrameBytes = MaxFrameBytes;
        target.StreamLinger = StreamLinger;
        target.StallTimeout = StallTimeout;
    }
}
