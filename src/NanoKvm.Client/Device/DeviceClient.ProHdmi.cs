using System.Text.Json.Serialization;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Device;

// NanoKVM-Pro HDMI (github:sipeed/NanoKVM-Pro server/service/vm/hdmi.go @1.2.15): capture and loop-out switches
// instead of the Cube's /api/vm/hdmi*, which is 404 there. Not persisted across a device reboot.
public partial class DeviceClient
{
    private const string ProCapturePath = "/api/vm/hdmi/capture";
    private const string ProPassthroughPath = "/api/vm/hdmi/passthrough";

    /// <summary>Whether HDMI capture is on (NanoKVM-Pro; <c>GET /api/vm/hdmi/capture</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True while the HDMI receiver captures.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The device is not a NanoKVM-Pro (use <see cref="GetHdmiStateAsync"/>).</exception>
    public virtual async Task<bool> GetHdmiCaptureAsync(CancellationToken cancellationToken = default)
    {
        await RequireProHdmiAsync("HDMI capture switching", cancellationToken).ConfigureAwait(false);
        return (await _owner.Api.GetAsync(ProCapturePath, ProHdmiJsonContext.Default.HdmiSwitch, cancellationToken).ConfigureAwait(false)).Enabled;
    }

    /// <summary>Switches HDMI capture on or off (NanoKVM-Pro; <c>POST /api/vm/hdmi/capture</c>). Device-global.</summary>
    /// <param name="enabled">True to capture.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device applied it.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The device is not a NanoKVM-Pro (use <see cref="EnableHdmiAsync"/>).</exception>
    public virtual async Task SetHdmiCaptureAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        await RequireProHdmiAsync("HDMI capture switching", cancellationToken).ConfigureAwait(false);
        await PostSwitchAsync(ProCapturePath, enabled, cancellationToken).ConfigureAwait(false);
        if (enabled)
        {
            _owner.Video.NotifyCaptureRestarted();
        }
    }

    /// <summary>Whether HDMI loop-out (passthrough to a local monitor) is on (NanoKVM-Pro; <c>GET /api/vm/hdmi/passthrough</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True while the input is passed through.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The device is not a NanoKVM-Pro.</exception>
    public virtual async Task<bool> GetHdmiPassthroughAsync(CancellationToken cancellationToken = default)
    {
        await RequireProHdmiAsync("HDMI passthrough", cancellationToken).ConfigureAwait(false);
        return (await _owner.Api.GetAsync(ProPassthroughPath, ProHdmiJsonContext.Default.HdmiSwitch, cancellationToken).ConfigureAwait(false)).Enabled;
    }

    /// <summary>
    /// Switches HDMI loop-out (NanoKVM-Pro; <c>POST /api/vm/hdmi/passthrough</c>). The device power-cycles its HDMI
    /// receiver for about 20 ms, so the capture restarts.
    /// </summary>
    /// <param name="enabled">True to pass the input through.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device applied it.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The device is not a NanoKVM-Pro.</exception>
    public virtual async Task SetHdmiPassthroughAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        await RequireProHdmiAsync("HDMI passthrough", cancellationToken).ConfigureAwait(false);
        await PostSwitchAsync(ProPassthroughPath, enabled, cancellationToken).ConfigureAwait(false);
        _owner.Video.NotifyCaptureRestarted();
    }

    /// <summary>Reads the EDID the device presents to the source (NanoKVM-Pro; <c>GET /api/vm/edid</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A preset name such as <c>E54-1080P60FPS</c>, or the name of an uploaded custom EDID.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The device is not a NanoKVM-Pro.</exception>
    public virtual async Task<string> GetEdidAsync(CancellationToken cancellationToken = default)
    {
        await RequireProHdmiAsync("Reading the EDID", cancellationToken).ConfigureAwait(false);
        return (await _owner.Api.GetAsync("/api/vm/edid", ProHdmiJsonContext.Default.EdidReply, cancellationToken).ConfigureAwait(false)).Edid ?? string.Empty;
    }

    private async Task PostSwitchAsync(string path, bool enabled, CancellationToken cancellationToken)
    {
        var body = ApiConnection.Json(new HdmiSwitch(enabled), ProHdmiJsonContext.Default.HdmiSwitch);
        await _owner.Api.SendAsync(new ApiRequest(HttpMethod.Post, path, body), cancellationToken).ConfigureAwait(false);
    }

    private async Task RequireProHdmiAsync(string feature, CancellationToken cancellationToken)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasHdmiSwitches)
        {
            throw new NanoKvmUnsupportedException(
                feature, capabilities, "It is a NanoKVM-Pro call; this device has GetHdmiStateAsync, EnableHdmiAsync and DisableHdmiAsync.");
        }
    }

    private async Task RequireCubeHdmiAsync(string feature, CancellationToken cancellationToken)
    {
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.HasHdmiSwitches)
        {
            throw new NanoKvmUnsupportedException(
                feature, capabilities, "The NanoKVM-Pro switches capture with SetHdmiCaptureAsync and passthrough with SetHdmiPassthroughAsync.");
        }
    }
}

internal sealed record HdmiSwitch([property: JsonPropertyName("enabled")] bool Enabled);

internal sealed record EdidReply([property: JsonPropertyName("edid")] string? Edid);

[JsonSerializable(typeof(HdmiSwitch))]
[JsonSerializable(typeof(EdidReply))]
internal sealed partial class ProHdmiJsonContext : JsonSerializerContext;
