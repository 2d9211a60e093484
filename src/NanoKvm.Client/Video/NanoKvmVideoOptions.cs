namespace NanoKvm.Client.Video;

/// <summary>Settings of the video side (MJPEG frames, screenshots, H.264).</summary>
public sealed class NanoKvmVideoOptions
{
    /// <summary>Largest MJPEG part accepted; a bigger part fails the stream instead of exhausting memory.</summary>
    public int MaxFrameBytes { get; set; } = 8 * 1024 * 1024;

    internal void Validate()
    {
        if (MaxFrameBytes < 1024)
        {
            throw new ArgumentException("Video.MaxFrameBytes must be at least 1024.", nameof(MaxFrameBytes));
        }
    }

    internal void CopyTo(NanoKvmVideoOptions target)
    {
        target.MaxFrameBytes = MaxFrameBytes;
    }
}
