namespace NanoKvm.Client.Device;

/// <summary>The NanoKVM itself: information, hardware, HDMI capture, HID mode and account.</summary>
/// <remarks>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</remarks>
public partial class DeviceClient
{
    private readonly NanoKvmClient _owner;

    /// <summary>For mocking frameworks only.</summary>
    protected DeviceClient()
    {
        _owner = null!;
    }

    internal DeviceClient(NanoKvmClient owner)
    {
        _owner = owner;
    }

    /// <summary>Reads <c>GET /api/vm/info</c>: addresses, mDNS name, image and application versions.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The device information.</returns>
    public virtual Task<DeviceInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        return _owner.Api.GetAsync("/api/vm/info", DeviceJsonContext.Default.DeviceInfo, cancellationToken);
    }
}
