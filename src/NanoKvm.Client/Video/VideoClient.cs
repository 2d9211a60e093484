namespace NanoKvm.Client.Video;

/// <summary>Video: MJPEG frames, fresh screenshots, change detection, screen settings and direct H.264.</summary>
/// <remarks>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</remarks>
public class VideoClient
{
    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected VideoClient()
    {
        _owner = null!;
    }

    internal VideoClient(NanoKvmClient owner)
    {
        _owner = owner;
    }

    internal void Abort()
    {
        _ = _owner;
    }

    internal ValueTask DisposeAsync()
    {
        Abort();
        return ValueTask.CompletedTask;
    }
}
