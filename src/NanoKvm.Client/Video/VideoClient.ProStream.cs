using NanoKvm.Client.Http;

namespace NanoKvm.Client.Video;

/// <summary>
/// NanoKVM-Pro video settings: write-only <c>/api/stream/{mode,quality,fps,gop,rate-control}</c> instead of the Cube's
/// <c>POST /api/vm/screen</c> (github:sipeed/NanoKVM-Pro <c>server/router/stream.go</c> @1.2.15). The device keeps them
/// in memory only and has no way to read them back.
/// </summary>
public partial class VideoClient
{
    private const string StreamSettingsPath = "/api/stream/";

    /// <summary>Longest a screenshot waits on a silent NanoKVM-Pro MJPEG stream before saying why.</summary>
    private static readonly TimeSpan ProSilenceLimit = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Selects the device's one encoder (NanoKVM-Pro; <c>POST /api/stream/mode</c>). Device-global: MJPEG silences the
    /// browsers' H.264 view and an H.264 mode silences this client's MJPEG frames. The H.265 modes are accepted by the
    /// device but stream nothing on factory firmware, so they are refused here.
    /// </summary>
    /// <param name="mode">The stream type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted the mode.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    /// <exception cref="NanoKvmUnsupportedException">The device is not a NanoKVM-Pro.</exception>
    public virtual async Task SetStreamModeAsync(VideoStreamMode mode, CancellationToken cancellationToken = default)
    {
        var wire = mode switch
        {
            VideoStreamMode.Mjpeg => "mjpeg",
            VideoStreamMode.H264WebRtc => "h264-webrtc",
            VideoStreamMode.H264Direct => "h264-direct",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use one of the VideoStreamMode values."),
        };
        await RequireStreamSettingsAsync("The stream mode", cancellationToken).ConfigureAwait(false);
        await PostStreamSettingAsync("mode", new StreamModeRequest(wire), ProStreamJsonContext.Default.StreamModeRequest, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Chooses constant or variable H.264 bitrate (NanoKVM-Pro 1.2.6+; <c>POST /api/stream/rate-control</c>).</summary>
    /// <param name="mode">The rate control.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    /// <exception cref="NanoKvmUnsupportedException">The device is not a NanoKVM-Pro 1.2.6 or later.</exception>
    public virtual async Task SetRateControlAsync(RateControlMode mode, CancellationToken cancellationToken = default)
    {
        var wire = mode switch
        {
            RateControlMode.Constant => "cbr",
            RateControlMode.Variable => "vbr",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use one of the RateControlMode values."),
        };
        var capabilities = await RequireStreamSettingsAsync("H.264 rate control", cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasStreamRateControl)
        {
            throw new NanoKvmUnsupportedException("H.264 rate control (it arrived in NanoKVM-Pro 1.2.6)", capabilities, null);
        }

        await PostStreamSettingAsync("rate-control", new StreamModeRequest(wire), ProStreamJsonContext.Default.StreamModeRequest, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Routes a Cube screen setting to the Pro's stream endpoint; the caller validated the value.</summary>
    private async Task SetProStreamAsync(FirmwareCapabilities capabilities, string type, int value, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "resolution":
                throw new NanoKvmUnsupportedException(
                    "Setting the capture resolution", capabilities, "The NanoKVM-Pro always captures the HDMI input's native resolution.");
            case "fps" when !capabilities.HasStreamFps:
                throw new NanoKvmUnsupportedException("Setting the frame rate (it arrived in NanoKVM-Pro 1.2.8)", capabilities, null);
            case "fps":
                await PostStreamSettingAsync("fps", new StreamFpsRequest(value), ProStreamJsonContext.Default.StreamFpsRequest, cancellationToken).ConfigureAwait(false);
                return;
            case "gop":
                await PostStreamSettingAsync("gop", new StreamGopRequest(value), ProStreamJsonContext.Default.StreamGopRequest, cancellationToken).ConfigureAwait(false);
                return;
            default:
                // One field for both: 1-100 is the JPEG quality, 101-20000 the H.264 bitrate in kbps.
                await PostStreamSettingAsync("quality", new StreamQualityRequest(value), ProStreamJsonContext.Default.StreamQualityRequest, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private async Task<FirmwareCapabilities> RequireStreamSettingsAsync(string feature, CancellationToken cancellationToken)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        return capabilities.HasStreamSettings
            ? capabilities
            : throw new NanoKvmUnsupportedException(feature, capabilities, "It is a NanoKVM-Pro setting; this device uses POST /api/vm/screen.");
    }

    private Task<DeviceReply> PostStreamSettingAsync<T>(string name, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        Api.SendAsync(new ApiRequest(HttpMethod.Post, StreamSettingsPath + name, ApiConnection.Json(body, typeInfo)), cancellationToken);

    /// <summary>
    /// A Pro sends every captured frame, so a silent MJPEG stream is not a static screen. Waits up to
    /// <see cref="ProSilenceLimit"/> in all (the encoder may be switching over to MJPEG), then fails with the reason.
    /// </summary>
    private async Task<(VideoFrame Frame, long Counter)> WaitOnProAsync(
        FirmwareCapabilities capabilities, long after, long failures, TimeSpan waited, CancellationToken cancellationToken)
    {
        var rest = ProSilenceLimit - waited;
        if (rest > TimeSpan.Zero)
        {
            using var limit = new CancellationTokenSource(rest, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            try
            {
                return await _frames.WaitForFrameAsync(after, failures, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                waited = ProSilenceLimit;
            }
        }

        throw SilentProStream(capabilities, waited);
    }

    private static NanoKvmTimeoutException SilentProStream(FirmwareCapabilities capabilities, TimeSpan waited) =>
        new(
            $"No video frame within {Seconds(waited)} s on the {capabilities.DeviceName}. Its one encoder serves either MJPEG or H.264: "
            + "a browser showing the H.264 view owns it now and this MJPEG stream stays silent (or HDMI capture is off or has no "
            + "signal — see Device.GetHdmiCaptureAsync). Close the browser view or set the MJPEG mode (Video.SetStreamModeAsync); "
            + "note that MJPEG in turn stops the browser's H.264 view.",
            "GET /api/stream/mjpeg", innerException: null);
}

/// <summary>The NanoKVM-Pro's device-wide encoder mode (<c>POST /api/stream/mode</c>).</summary>
public enum VideoStreamMode
{
    /// <summary>MJPEG (what this SDK's frames and screenshots read).</summary>
    Mjpeg,

    /// <summary>H.264 over WebRTC (the web UI's default).</summary>
    H264WebRtc,

    /// <summary>H.264 over the direct WebSocket.</summary>
    H264Direct,
}

/// <summary>H.264 rate control on a NanoKVM-Pro.</summary>
public enum RateControlMode
{
    /// <summary>Constant bitrate (<c>cbr</c>).</summary>
    Constant,

    /// <summary>Variable bitrate (<c>vbr</c>, the default).</summary>
    Variable,
}
