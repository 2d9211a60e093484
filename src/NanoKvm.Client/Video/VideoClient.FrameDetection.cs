using NanoKvm.Client.Http;

namespace NanoKvm.Client.Video;

// MJPEG frame detection: setting, reading, pausing, and the switch the screenshot bypass uses. Firmware 2.2.0–2.2.2
// keep it as a flag file that POST /api/stream/mjpeg/detect toggles whatever the body says and GET reads
// (server/service/stream/mjpeg/frame-detect.go UpdateFrameDetect/GetFrameDetect at those tags); from 2.2.3 the POST
// takes {enabled} and nothing reads it back. Every change here therefore reads first on the old releases, toggles
// only when needed, and checks the state the toggle answers.
public partial class VideoClient
{
    private const string DetectEndpoint = "/api/stream/mjpeg/detect";
    private const string DetectStopEndpoint = "/api/stream/mjpeg/detect/stop";
    private const int DetectionUnknown = 0;
    private const int DetectionOn = 1;
    private const int DetectionOff = 2;

    // What this client last set (2.2.3+ cannot be read); reset when the session is renewed (usually a restart).
    private int _detectionSet;

    // Whether the screenshot bypass found detection already off (2.2.0–2.2.2), so it must not switch it on afterwards.
    private int _bypassFoundOff;

    /// <summary>
    /// Switches MJPEG frame detection (<c>POST /api/stream/mjpeg/detect</c>). On, unchanged frames are not sent (less
    /// traffic, but a static screen is silent); off, every frame is sent. Device-global; the device starts with it on.
    /// </summary>
    /// <remarks>
    /// Firmware 2.2.0–2.2.2 only toggle it, so there the client reads the state, toggles only when it differs, and
    /// checks the state the device answers; setting the current state again changes nothing on any release.
    /// </remarks>
    /// <param name="enabled">True to skip unchanged frames.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device has the requested state.</returns>
    /// <exception cref="NanoKvmException">
    /// 2.2.0–2.2.2: the device still reports the other state after the toggle (another viewer toggled it at the same time).
    /// </exception>
    public virtual async Task SetFrameDetectionAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        await RequireFrameDetectionAsync(cancellationToken).ConfigureAwait(false);
        await PostFrameDetectionAsync(enabled, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _frameDetectionOff, enabled ? 0 : 1);
    }

    /// <summary>
    /// Returns MJPEG frame detection: read from the device on firmware 2.2.0–2.2.2 (<c>GET /api/stream/mjpeg/detect</c>);
    /// on 2.2.3 and later, which offer no way to read it, the value this client last set since the device restarted.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state and where it comes from; <see cref="FrameDetectionState.Enabled"/> is null when unknown.</returns>
    public virtual async Task<FrameDetectionState> GetFrameDetectionAsync(CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await RequireFrameDetectionAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.FrameDetectionToggles)
        {
            return new FrameDetectionState(await ReadDeviceDetectionAsync(cancellationToken).ConfigureAwait(false), FrameDetectionSource.Device);
        }

        return Volatile.Read(ref _detectionSet) switch
        {
            DetectionOn => new FrameDetectionState(true, FrameDetectionSource.LastSetByThisClient),
            DetectionOff => new FrameDetectionState(false, FrameDetectionSource.LastSetByThisClient),
            _ => new FrameDetectionState(null, FrameDetectionSource.Unknown),
        };
    }

    /// <summary>
    /// Turns frame detection off for <paramref name="duration"/> and then on again (<c>POST /api/stream/mjpeg/detect/stop</c>).
    /// The device blocks the call for the whole duration and re-enables detection unconditionally afterwards.
    /// </summary>
    /// <remarks>
    /// Firmware 2.2.0–2.2.2 ignore the duration (they pause 20 s and answer at once), so there the client switches
    /// detection off, waits, and switches it on itself; a cancelled wait switches it on at once.
    /// </remarks>
    /// <param name="duration">Whole seconds, 1 s to 1 h.</param>
    /// <param name="cancellationToken">Cancels the wait (the device still re-enables detection when the duration ends).</param>
    /// <returns>A task that completes when detection is on again.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not whole seconds between 1 s and 1 h.</exception>
    public virtual async Task PauseFrameDetectionAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        if (duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromHours(1) || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The pause must be whole seconds between 1 s and 1 h.");
        }

        _owner.ThrowIfDisposed();
        var capabilities = await RequireFrameDetectionAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.FrameDetectionToggles)
        {
            await PauseByTogglingAsync(duration, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var body = ApiConnection.Json(new FrameDetectionPauseRequest((int)duration.TotalSeconds), VideoJsonContext.Default.FrameDetectionPauseRequest);
            await Api.SendAsync(new ApiRequest(HttpMethod.Post, DetectStopEndpoint, body, duration), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _detectionSet, DetectionOn);
        }

        Volatile.Write(ref _frameDetectionOff, 0);
    }

    private void OnSessionRenewed()
    {
        Volatile.Write(ref _frameDetectionOff, 0);
        Volatile.Write(ref _detectionSet, DetectionUnknown);
    }

    private async Task PauseByTogglingAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        await PostFrameDetectionAsync(false, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(duration, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                await PostFrameDetectionAsync(true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (NanoKvmException)
            {
                // The caller cancelled; the setting stays off, which GetFrameDetectionAsync will show.
            }

            throw;
        }

        await PostFrameDetectionAsync(true, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The screenshot bypass's switch: off while a static screen needs a frame, then back as it was found.</summary>
    private async Task SetDetectionForBypassAsync(bool enabled, CancellationToken cancellationToken)
    {
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.FrameDetectionToggles)
        {
            await PostFrameDetectionAsync(enabled, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!enabled)
        {
            var on = await ReadDeviceDetectionAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _bypassFoundOff, on ? 0 : 1);
            if (on)
            {
                await ToggleToAsync(false, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (Interlocked.Exchange(ref _bypassFoundOff, 0) == 0)
        {
            await ToggleToAsync(true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PostFrameDetectionAsync(bool enabled, CancellationToken cancellationToken)
    {
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.FrameDetectionToggles)
        {
            await ToggleToAsync(enabled, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var body = ApiConnection.Json(new FrameDetectionRequest(enabled), VideoJsonContext.Default.FrameDetectionRequest);
            await Api.SendAsync(new ApiRequest(HttpMethod.Post, DetectEndpoint, body), cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _detectionSet, enabled ? DetectionOn : DetectionOff);
    }

    /// <summary>
    /// 2.2.0–2.2.2: reads the state and toggles only when it differs; the toggle answers the new state, which must be the
    /// requested one. A second viewer toggling between the read and the toggle makes it differ; one more read and
    /// toggle settles that, a third disagreement fails.
    /// </summary>
    private async Task ToggleToAsync(bool enabled, CancellationToken cancellationToken)
    {
        const int Attempts = 2;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await ReadDeviceDetectionAsync(cancellationToken).ConfigureAwait(false) == enabled)
            {
                return;
            }

            var reply = await Api.SendAsync(new ApiRequest(HttpMethod.Post, DetectEndpoint), VideoJsonContext.Default.FrameDetectionReply, cancellationToken)
                .ConfigureAwait(false);
            if (reply.Enabled == enabled)
            {
                return;
            }
        }

        var wanted = enabled ? "on" : "off";
        throw new NanoKvmException(
            $"Frame detection could not be switched {wanted}: this firmware only toggles it, and after {Attempts} read-and-toggle "
            + $"rounds the device still reported it {(enabled ? "off" : "on")} — another viewer is toggling it at the same time.",
            "POST " + DetectEndpoint);
    }

    private async Task<bool> ReadDeviceDetectionAsync(CancellationToken cancellationToken)
    {
        var reply = await Api.GetAsync(DetectEndpoint, VideoJsonContext.Default.FrameDetectionReply, cancellationToken).ConfigureAwait(false);
        return reply.Enabled;
    }

    private async Task<FirmwareCapabilities> RequireFrameDetectionAsync(CancellationToken cancellationToken)
    {
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        return capabilities.HasFrameDetection
            ? capabilities
            : throw new NanoKvmUnsupportedException(
                "MJPEG frame detection", capabilities, "The NanoKVM-Pro has none (removed in 1.2.0): every captured frame is sent.");
    }
}
