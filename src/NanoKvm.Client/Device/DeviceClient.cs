using NanoKvm.Client.Http;

namespace NanoKvm.Client.Device;

/// <summary>The NanoKVM itself: information, hardware, HDMI capture, HID mode and account.</summary>
/// <remarks>Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session.</remarks>
public partial class DeviceClient
{
    private const string HidModePath = "/api/hid/mode";
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

    /// <summary>Reads the hardware generation (<c>GET /api/vm/hardware</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Alpha, Beta, PCIe or Pro, with the raw text.</returns>
    public virtual async Task<DeviceHardware> GetHardwareAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var reply = await _owner.Api.GetAsync("/api/vm/hardware", DeviceJsonContext.Default.HardwareReply, cancellationToken)
            .ConfigureAwait(false);
        var raw = reply.Version ?? string.Empty;
        var version = raw.ToUpperInvariant() switch
        {
            "ALPHA" => HardwareVersion.Alpha,
            "BETA" => HardwareVersion.Beta,
            "PCIE" => HardwareVersion.Pcie,
            "PRO" => HardwareVersion.Pro,
            _ => HardwareVersion.Unknown,
        };
        return new DeviceHardware(version, raw);
    }

    /// <summary>Reads what the device presents over USB (<c>GET /api/hid/mode</c>, firmware 2.2.5+).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Normal or HID-only.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware predates 2.2.5.</exception>
    public virtual async Task<HidMode> GetHidModeAsync(CancellationToken cancellationToken = default)
    {
        await EnsureHidModeAsync(cancellationToken).ConfigureAwait(false);
        var reply = await _owner.Api.GetAsync(HidModePath, DeviceJsonContext.Default.HidModeMessage, cancellationToken)
            .ConfigureAwait(false);
        return reply.Mode switch
        {
            "normal" => HidMode.Normal,
            "hid-only" => HidMode.HidOnly,
            _ => throw new NanoKvmException(
                $"GET {HidModePath} returned an unknown mode '{reply.Mode}'.", "GET " + HidModePath, System.Net.HttpStatusCode.OK),
        };
    }

    /// <summary>
    /// Switches what the device presents over USB (<c>POST /api/hid/mode</c>; admin; firmware 2.2.5+). <b>The device
    /// reboots</b> about half a second after answering: every session ends, video and HID drop, and the client logs
    /// in again on its next call once the device is back. HID-only mode has no virtual media or network.
    /// </summary>
    /// <param name="mode">The new mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted the change (before it reboots).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    /// <exception cref="NanoKvmForbiddenException">The account is not an admin (multi-user firmware).</exception>
    /// <exception cref="NanoKvmUnsupportedException">The firmware predates 2.2.5.</exception>
    public virtual async Task SetHidModeAsync(HidMode mode, CancellationToken cancellationToken = default)
    {
        var text = mode switch
        {
            HidMode.Normal => "normal",
            HidMode.HidOnly => "hid-only",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown HID mode."),
        };
        var capabilities = await EnsureHidModeAsync(cancellationToken).ConfigureAwait(false);
        var body = ApiConnection.Json(new HidModeMessage(text), DeviceJsonContext.Default.HidModeMessage);

        // A NanoKVM-Pro re-runs its USB script and answers after ~3 s instead of rebooting.
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, HidModePath, body, TimeSpan.FromSeconds(5)), cancellationToken).ConfigureAwait(false);
        if (!capabilities.HidModeSwitchReboots)
        {
            // USB re-enumerated: the target released everything; the session must not believe a key is still held.
            await _owner.Hid.ForgetHeldInputAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Restarts the device's USB HID side (<c>POST /api/hid/reset</c>; admin on multi-user firmware). The target sees
    /// the keyboard and mouse unplugged and plugged back, which releases everything they held — the cure for a target
    /// that stopped reacting to input. The call blocks while the gadget is rebuilt (up to a few seconds).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device finished the reset.</returns>
    /// <exception cref="NanoKvmForbiddenException">The account is not an admin (multi-user firmware).</exception>
    public virtual async Task ResetHidAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, "/api/hid/reset", ExtraTimeout: TimeSpan.FromSeconds(10)), cancellationToken)
            .ConfigureAwait(false);

        // The re-plug released every key and button on the target; the session must not believe any is still held.
        await _owner.Hid.ForgetHeldInputAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the account the client is logged in as (<c>GET /api/auth/account</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user name, and the role on multi-user firmware (2.5.1+).</returns>
    public virtual Task<DeviceAccount> GetAccountAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        return _owner.Api.GetAsync("/api/auth/account", DeviceJsonContext.Default.DeviceAccount, cancellationToken);
    }

    /// <summary>
    /// Whether the account still has the factory password (<c>GET /api/auth/password</c> reports
    /// <c>isUpdated:false</c>). The device's web UI forces a change in that case; automation should warn.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the password was never changed.</returns>
    public virtual async Task<bool> IsPasswordDefaultAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var reply = await _owner.Api.GetAsync("/api/auth/password", DeviceJsonContext.Default.PasswordStateReply, cancellationToken)
            .ConfigureAwait(false);
        return !reply.IsUpdated;
    }

    private async Task<FirmwareCapabilities> EnsureHidModeAsync(CancellationToken cancellationToken)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasHidMode)
        {
            throw new NanoKvmUnsupportedException("The USB HID mode", new FirmwareVersion(2, 2, 5), capabilities);
        }

        return capabilities;
    }
}
