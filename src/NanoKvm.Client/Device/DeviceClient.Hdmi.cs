using NanoKvm.Client.Http;
using NanoKvm.Client.Video;

namespace NanoKvm.Client.Device;

// HDMI capture state and control (GET /api/vm/hdmi, POST /api/vm/hdmi/reset|enable|disable|timeout) live in this part,
// next to the video side that depends on the capture warming up.
public partial class DeviceClient
{

    /// <summary>Reads <c>GET /api/vm/hdmi</c>: whether capture is enabled, the signal (2.5.1+) and the idle timeout (2.5.0+).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The HDMI state.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware predates the HDMI API (2.2.8).</exception>
    public virtual async Task<HdmiState> GetHdmiStateAsync(CancellationToken cancellationToken = default)
    {
        await RequireHdmiAsync(idleTimeout: false, cancellationToken).ConfigureAwait(false);
        return await _owner.Api.GetAsync("/api/vm/hdmi", VideoJsonContext.Default.HdmiState, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Restarts HDMI capture (<c>POST /api/vm/hdmi/reset</c>): the device switches capture off for about 1 s and on
    /// again, and from 2.2.8 also clears the "disabled" flag. The first frame after the restart may still show the old
    /// screen; this client's screenshots discard it.
    /// </summary>
    /// <remarks>
    /// Every 2.x release routes the reset (read at 2.1.6 through 2.5.0: <c>server/router/vm.go</c>, handler
    /// <c>service/vm/hdmi.go</c> <c>ResetHdmi</c>). Up to 2.2.7 the route is commented "pcie only", but the handler has
    /// no hardware check. Only the state and enable/disable calls need 2.2.8.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait (the device still completes the reset).</param>
    /// <returns>A task that completes when capture is on again.</returns>
    public virtual async Task ResetHdmiAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        await RequireCubeHdmiAsync("Resetting HDMI capture", cancellationToken).ConfigureAwait(false);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, "/api/vm/hdmi/reset", ExtraTimeout: TimeSpan.FromSeconds(2)), cancellationToken)
            .ConfigureAwait(false);
        _owner.Video.NotifyCaptureRestarted();
    }

    /// <summary>
    /// Turns HDMI capture on and persists that (<c>POST /api/vm/hdmi/enable</c>, admin on multi-user firmware). The
    /// firmware documents enable/disable as supported by the PCIe hardware variant only.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted it.</returns>
    /// <exception cref="NanoKvmForbiddenException">The account is not an admin (2.5.1+).</exception>
    public virtual async Task EnableHdmiAsync(CancellationToken cancellationToken = default)
    {
        await RequireHdmiAsync(idleTimeout: false, cancellationToken).ConfigureAwait(false);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, "/api/vm/hdmi/enable"), cancellationToken).ConfigureAwait(false);
        _owner.Video.NotifyCaptureRestarted();
    }

    /// <summary>
    /// Turns HDMI capture off and persists that across reboots (<c>POST /api/vm/hdmi/disable</c>, admin on multi-user
    /// firmware; the firmware documents it for the PCIe hardware variant only). Screenshots then time out.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted it.</returns>
    /// <exception cref="NanoKvmForbiddenException">The account is not an admin (2.5.1+).</exception>
    public virtual async Task DisableHdmiAsync(CancellationToken cancellationToken = default)
    {
        await RequireHdmiAsync(idleTimeout: false, cancellationToken).ConfigureAwait(false);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, "/api/vm/hdmi/disable"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets how long capture keeps running without any viewer before it stops (<c>POST /api/vm/hdmi/timeout</c>,
    /// 2.5.0+, admin). It restarts by itself, with a ~1 s warm-up, when a viewer connects.
    /// </summary>
    /// <param name="timeout">Whole minutes up to 7 days; <see cref="TimeSpan.Zero"/> = never stop.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not whole minutes between 0 and 7 days.</exception>
    /// <exception cref="NanoKvmUnsupportedException">The firmware predates 2.5.0.</exception>
    public virtual async Task SetHdmiIdleTimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero || timeout > TimeSpan.FromDays(7) || timeout.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The HDMI idle timeout must be whole minutes between 0 and 7 days.");
        }

        await RequireHdmiAsync(idleTimeout: true, cancellationToken).ConfigureAwait(false);
        var body = ApiConnection.Json(new HdmiIdleTimeoutRequest((int)timeout.TotalMinutes), VideoJsonContext.Default.HdmiIdleTimeoutRequest);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, "/api/vm/hdmi/timeout", body), cancellationToken).ConfigureAwait(false);
    }

    private async Task RequireHdmiAsync(bool idleTimeout, CancellationToken cancellationToken)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.HasHdmiSwitches)
        {
            await RequireCubeHdmiAsync("The HDMI API (/api/vm/hdmi)", cancellationToken).ConfigureAwait(false);
        }

        if (!capabilities.HasHdmiApi)
        {
            throw new NanoKvmUnsupportedException("The HDMI API", new FirmwareVersion(2, 2, 8), capabilities);
        }

        if (idleTimeout && !capabilities.HasHdmiIdleTimeout)
        {
            throw new NanoKvmUnsupportedException("The HDMI idle timeout", new FirmwareVersion(2, 5, 0), capabilities);
        }
    }
}
