namespace NanoKvm.Client.Media;

/// <summary>Virtual media: the images on the device, mounting them as CD-ROM or disk, downloads.</summary>
/// <remarks>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</remarks>
public class MediaClient
{
    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected MediaClient()
    {
        _owner = null!;
    }

    internal MediaClient(NanoKvmClient owner)
    {
        _owner = owner;
    }
}
