using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using NanoKvm.Client.Http;
using NanoKvm.Client.Video.H264;
using NanoKvm.Client.Video.Mjpeg;
using NanoKvm.Client.Video.Screenshots;

namespace NanoKvm.Client.Video;

/// <summary>Video: MJPEG frames, fresh screenshots, change detection, screen settings and direct H.264.</summary>
/// <remarks>
/// Obtain it from <see cref="NanoKvmClient"/>; it shares the client's session. Screenshots and screen waits share one
/// MJPEG connection per client; <see cref="GetFramesAsync"/> and <see cref="GetH264AccessUnitsAsync"/> open their own.
/// Screen settings and frame detection are <b>device-global</b>: they affect every viewer of the device and return to
/// the firmware defaults when the device restarts. See docs/video.md.
/// </remarks>
public partial class VideoClient
{
    private const string ScreenEndpoint = "/api/vm/screen";
    private static readonly int[] JpegQualities = [50, 60, 80, 100];
    private static readonly int[] H264Bitrates = [1000, 2000, 3000, 5000];

    private readonly NanoKvmClient _owner;
    private readonly SharedFrameSource _frames;
    private readonly FrameDetectionBypass _bypass;
    private long _lastInput;
    private int _frameDetectionOff;

    /// <summary>For mocking frameworks only.</summary>
    protected VideoClient()
    {
        _owner = null!;
        _frames = null!;
        _bypass = null!;
    }

    internal VideoClient(NanoKvmClient owner)
    {
        _owner = owner;
        _frames = new SharedFrameSource(owner.Api, owner.Options.Video, owner.Logs.Video);
        _bypass = new FrameDetectionBypass(SetDetectionForBypassAsync, owner.Logs.Video);

        // A new session usually means the device restarted, and a restart turns frame detection back on (2.2.3+).
        owner.Api.Session.Renewed += _ => OnSessionRenewed();
    }

    private ApiConnection Api => _owner.Api;

    private TimeProvider Time => _owner.Api.Time;

    /// <summary>
    /// Streams every frame of a new <c>GET /api/stream/mjpeg</c> connection until cancelled or the device closes it.
    /// </summary>
    /// <remarks>
    /// Each frame is yours: dispose it (its bytes go back to a pool). With frame detection on, a static screen sends
    /// nothing, so a pause between frames is not a dead stream. The first frame after the device's capture restarts
    /// can show older content; <see cref="GetScreenshotAsync"/> handles that, this raw stream does not.
    /// </remarks>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The frames, in arrival order.</returns>
    /// <exception cref="NanoKvmException">The stream is malformed, too large, or broke off.</exception>
    public virtual async IAsyncEnumerable<VideoFrame> GetFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _owner.ThrowIfDisposed();
        var connection = await MjpegConnection.OpenAsync(Api, _owner.Options.Video, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            while (await connection.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
            {
                yield return frame;
            }
        }
    }

    /// <summary>
    /// Returns one fresh frame: captured after this call started (and after <see cref="ScreenshotOptions.SettleDelay"/>
    /// since the last input), never a stale frame from before the capture warmed up, even on a static screen.
    /// </summary>
    /// <param name="options">Timeout, settle and static-screen handling; <see cref="ScreenshotOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A frame you own: dispose it when done.</returns>
    /// <exception cref="NanoKvmTimeoutException">No frame arrived in time: the HDMI signal is probably absent.</exception>
    /// <exception cref="NanoKvmException">The stream failed or is malformed.</exception>
    public virtual async Task<VideoFrame> GetScreenshotAsync(ScreenshotOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ScreenshotOptions.Default;
        options.Validate();
        _owner.ThrowIfDisposed();
        using var span = Diagnostics.NanoKvmTelemetry.StartOperation("nanokvm.screenshot", _owner.Address);
        try
        {
            var (frame, _) = await CaptureAsync(options, cancellationToken).ConfigureAwait(false);
            span?.SetTag("nanokvm.frame.size", frame.Length);
            return frame;
        }
        catch (Exception ex)
        {
            Diagnostics.NanoKvmTelemetry.Fail(span, ex);
            throw;
        }
    }

    /// <summary>Waits until the screen differs from <paramref name="reference"/> (or from what it shows now) and returns the new frame.</summary>
    /// <remarks>
    /// Frames are compared by a hash of their JPEG bytes, without decoding; any visible change gives different bytes.
    /// With a <paramref name="reference"/>, a change that arrived after it but before this call counts too.
    /// </remarks>
    /// <param name="reference">The frame to compare with, e.g. a screenshot taken before a click; null takes a fresh screenshot as the reference.</param>
    /// <param name="timeout">How long to wait for a change.</param>
    /// <param name="options">How the reference screenshot is taken when <paramref name="reference"/> is null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first frame that differs; you own it.</returns>
    /// <exception cref="NanoKvmTimeoutException">The screen did not change within <paramref name="timeout"/>.</exception>
    public virtual async Task<VideoFrame> WaitForChangeAsync(
        VideoFrame? reference, TimeSpan timeout, ScreenshotOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckWait(timeout, nameof(timeout));
        options ??= ScreenshotOptions.Default;
        options.Validate();
        _owner.ThrowIfDisposed();
        using var timeoutSource = new CancellationTokenSource(timeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var lease = _frames.Acquire();
        try
        {
            byte[] baseline;
            DateTimeOffset notBefore;
            long after;
            var failures = _frames.Failures;
            if (reference is null)
            {
                var (current, counter) = await CaptureAsync(options, linked.Token).ConfigureAwait(false);
                using (current)
                {
                    baseline = current.HashBytes();
                    notBefore = current.ReceivedAt;
                    after = counter;
                }
            }
            else
            {
                baseline = reference.HashBytes();
                notBefore = reference.ReceivedAt;
                after = 0; // the newest frame may already show the change
            }

            while (true)
            {
                var (frame, counter) = await _frames.WaitForFrameAsync(after, failures, linked.Token).ConfigureAwait(false);
                after = counter;
                if (frame.ReceivedAt >= notBefore && !frame.HashBytes().AsSpan().SequenceEqual(baseline))
                {
                    return frame;
                }

                frame.Dispose();
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NanoKvmTimeoutException(
                $"The screen did not change within {Seconds(timeout)} s.", MjpegConnection.Endpoint, innerException: null);
        }
    }

    /// <summary>
    /// Waits until the screen has not changed for <paramref name="stableFor"/> and returns that frame — e.g. after a
    /// click, until a page finished drawing.
    /// </summary>
    /// <remarks>
    /// With frame detection on, the device sends nothing while the screen is unchanged, so a quiet stream counts as
    /// stable; with it off, identical frames (same bytes) count as unchanged.
    /// </remarks>
    /// <param name="stableFor">How long the content must stay the same.</param>
    /// <param name="timeout">Longest total wait; must be at least <paramref name="stableFor"/>.</param>
    /// <param name="options">How the first screenshot is taken.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The stable frame; you own it.</returns>
    /// <exception cref="NanoKvmTimeoutException">The screen kept changing (or no frame arrived) within <paramref name="timeout"/>.</exception>
    public virtual async Task<VideoFrame> WaitForStableAsync(
        TimeSpan stableFor, TimeSpan timeout, ScreenshotOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckWait(stableFor, nameof(stableFor));
        CheckWait(timeout, nameof(timeout));
        if (timeout < stableFor)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be at least the stable interval.");
        }

        options ??= ScreenshotOptions.Default;
        options.Validate();
        _owner.ThrowIfDisposed();
        using var timeoutSource = new CancellationTokenSource(timeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var lease = _frames.Acquire();
        VideoFrame? current = null;
        try
        {
            var failures = _frames.Failures;
            (current, var counter) = await CaptureAsync(options, linked.Token).ConfigureAwait(false);
            var changedAt = Time.GetTimestamp();
            while (true)
            {
                var remaining = stableFor - Time.GetElapsedTime(changedAt);
                if (remaining <= TimeSpan.Zero)
                {
                    var stable = current;
                    current = null;
                    return stable;
                }

                using var quiet = new CancellationTokenSource(remaining, Time);
                using var quietOrDone = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, quiet.Token);
                VideoFrame next;
                try
                {
                    (next, counter) = await _frames.WaitForFrameAsync(counter, failures, quietOrDone.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (quiet.IsCancellationRequested && !linked.IsCancellationRequested)
                {
                    continue; // nothing arrived: nothing changed
                }

                if (next.HashBytes().AsSpan().SequenceEqual(current.HashBytes()))
                {
                    next.Dispose();
                }
                else
                {
                    current.Dispose();
                    current = next;
                    changedAt = Time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NanoKvmTimeoutException(
                $"The screen did not stay unchanged for {Seconds(stableFor)} s within {Seconds(timeout)} s.",
                MjpegConnection.Endpoint, innerException: null);
        }
        finally
        {
            current?.Dispose();
        }
    }

    /// <summary>Sets the capture output resolution (<c>POST /api/vm/screen</c>, type <c>resolution</c>). Device-global.</summary>
    /// <param name="resolution">The output size, or <see cref="ScreenResolution.Auto"/> to follow the HDMI input.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted the setting.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the <see cref="ScreenResolution"/> values.</exception>
    public virtual Task SetResolutionAsync(ScreenResolution resolution, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(resolution))
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Use one of the ScreenResolution values.");
        }

        return SetScreenAsync("resolution", (int)resolution, cancellationToken);
    }

    /// <summary>Sets the MJPEG JPEG quality. Device-global.</summary>
    /// <param name="quality">50, 60, 80 or 100 — the device silently resets other values to 80 when a stream starts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted the setting.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is not 50, 60, 80 or 100.</exception>
    public virtual Task SetJpegQualityAsync(int quality, CancellationToken cancellationToken = default)
    {
        if (!JpegQualities.Contains(quality))
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be 50, 60, 80 or 100 (the device resets other values to 80).");
        }

        return SetScreenAsync("quality", quality, cancellationToken);
    }

    /// <summary>Sets the capture frame rate of MJPEG and H.264. Device-global.</summary>
    /// <param name="fps">10–60 frames per second (the device clamps to that range).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted the setting.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fps"/> is outside 10–60.</exception>
    public virtual Task SetFrameRateAsync(int fps, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fps, 60);
        return SetScreenAsync("fps", fps, cancellationToken);
    }

    /// <summary>Sets the H.264 bitrate. Device-global.</summary>
    /// <param name="kbps">1000, 2000, 3000 or 5000 — the device resets other values to 3000 when a stream starts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted the setting.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kbps"/> is not one of the supported rates.</exception>
    public virtual Task SetH264BitrateAsync(int kbps, CancellationToken cancellationToken = default)
    {
        if (!H264Bitrates.Contains(kbps))
        {
            throw new ArgumentOutOfRangeException(nameof(kbps), kbps, "H.264 bitrate must be 1000, 2000, 3000 or 5000 kbps.");
        }

        return SetScreenAsync("quality", kbps, cancellationToken);
    }

    /// <summary>Sets the H.264 keyframe interval (GOP). Device-global; new direct-H.264 viewers wait up to one GOP for their first frame.</summary>
    /// <param name="frames">1–100 frames.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device accepted the setting.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frames"/> is outside 1–100.</exception>
    public virtual Task SetH264GopAsync(int frames, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frames, 100);
        return SetScreenAsync("gop", frames, cancellationToken);
    }

    /// <summary>
    /// Streams direct H.264 access units (<c>/api/stream/h264/direct</c>, firmware 2.2.7+) until you stop enumerating
    /// or cancel. The first unit is always a keyframe (delta frames before it are skipped); nothing is decoded.
    /// </summary>
    /// <remarks>
    /// Framing follows the firmware: JSON + base64 (2.2.7–2.2.9), binary (2.3.0+), binary with flow-control
    /// acknowledgements (2.5.0+; each unit is acknowledged once you ask for the next one). A lost connection (the
    /// device drops it on a restart or a network fault; a dead path is found by ping within
    /// <see cref="Hid.NanoKvmHidOptions.PingInterval"/> + <see cref="Hid.NanoKvmHidOptions.PingTimeout"/>) is replaced with
    /// back-off; the stream goes on at the next keyframe, marked <see cref="H264AccessUnit.IsDiscontinuity"/>. Without
    /// flow control a consumer that falls more than 8 units behind loses the waiting units up to the next keyframe,
    /// as the device does itself. Stopping the enumeration closes the socket normally (1000).
    /// </remarks>
    /// <param name="options">Flow-control window and reconnect policy; <see cref="H264StreamOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The access units in arrival order.</returns>
    /// <exception cref="NanoKvmUnsupportedException">The firmware predates direct H.264 (2.2.7).</exception>
    /// <exception cref="NanoKvmAuthenticationException">The device refused the login.</exception>
    /// <exception cref="NanoKvmException">
    /// The device sent a malformed frame or one above <see cref="NanoKvmVideoOptions.MaxFrameBytes"/>, or
    /// <see cref="H264StreamOptions.ReconnectAttempts"/> attempts in a row failed.
    /// </exception>
    public virtual async IAsyncEnumerable<H264AccessUnit> GetH264AccessUnitsAsync(
        H264StreamOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= H264StreamOptions.Default;
        options.Validate();
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        var framing = capabilities.H264DirectFraming;
        if (framing == H264DirectFraming.Unsupported)
        {
            throw new NanoKvmUnsupportedException("Direct H.264 streaming", new FirmwareVersion(2, 2, 7), capabilities);
        }

        var flow = framing == H264DirectFraming.BinaryWithFlowControl && options.FlowWindow > 0;
        var path = flow
            ? H264DirectMessages.Path + "?flow=" + options.FlowWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : H264DirectMessages.Path;
        var socket = new H264DirectSocket(Api, path, framing, flow, options, _owner.Options, _owner.Logs.Video);
        await using (socket.ConfigureAwait(false))
        {
            await socket.StartAsync().ConfigureAwait(false);
            while (await socket.Queue.ReadAsync(cancellationToken).ConfigureAwait(false) is { } unit)
            {
                yield return unit;

                // Acknowledged once the consumer asks for the next one: a slow consumer holds the device back.
                await socket.AcknowledgeAsync(unit).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Called by the HID side after every keyboard or mouse report it sends, so screenshots can wait
    /// <see cref="ScreenshotOptions.SettleDelay"/> for the capture to catch up with the input.
    /// </summary>
    internal void NotifyInput() => Volatile.Write(ref _lastInput, Math.Max(1, Time.GetTimestamp()));

    /// <summary>Called after an HDMI reset/enable through this client: the next frame may predate the restart.</summary>
    internal void NotifyCaptureRestarted() => _frames.DiscardNextFrame();

    internal void Abort() => _frames?.Abort();

    internal ValueTask DisposeAsync() => _frames?.CloseAsync() ?? ValueTask.CompletedTask;

    private async Task<(VideoFrame Frame, long Counter)> CaptureAsync(ScreenshotOptions options, CancellationToken cancellationToken)
    {
        await SettleAsync(options.SettleDelay, cancellationToken).ConfigureAwait(false);
        using var timeoutSource = new CancellationTokenSource(options.Timeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var lease = _frames.Acquire();
        var after = _frames.Counter;
        var failures = _frames.Failures;
        var stalls = _frames.Stalls;

        // With detection known to be off the device sends every frame, so silence counts as a stall from the start.
        using var expectedFromStart = Volatile.Read(ref _frameDetectionOff) != 0 ? _frames.ExpectFrames() : null;
        try
        {
            using (var grace = new CancellationTokenSource(options.StaticScreenGrace, Time))
            using (var graceOrDone = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, grace.Token))
            {
                try
                {
                    return await _frames.WaitForFrameAsync(after, failures, graceOrDone.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (grace.IsCancellationRequested && !linked.IsCancellationRequested)
                {
                    // Silent stream: a static screen with frame detection on, or no signal.
                }
            }

            var model = await _owner.GetCapabilitiesAsync(linked.Token).ConfigureAwait(false);
            if (model.MjpegTakesOverEncoder)
            {
                // No frame detection on the Pro: silence means another stream type owns the encoder, or no capture.
                return await WaitOnProAsync(model, after, failures, options.StaticScreenGrace, linked.Token).ConfigureAwait(false);
            }

            if (!options.BypassFrameDetection || Volatile.Read(ref _frameDetectionOff) != 0)
            {
                return await _frames.WaitForFrameAsync(after, failures, linked.Token).ConfigureAwait(false);
            }

            var capabilities = await _owner.GetCapabilitiesAsync(linked.Token).ConfigureAwait(false);
            if (capabilities.HasHdmiSignal)
            {
                var hdmi = await _owner.Device.GetHdmiStateAsync(linked.Token).ConfigureAwait(false);
                if (!hdmi.Enabled || hdmi.Signal == false)
                {
                    throw new NanoKvmTimeoutException(
                        hdmi.Enabled
                            ? "No video frame: the device reports no HDMI signal (the target may be off, asleep or unplugged)."
                            : "No video frame: HDMI capture is disabled on the device (Device.EnableHdmiAsync or ResetHdmiAsync turns it on).",
                        MjpegConnection.Endpoint, innerException: null);
                }
            }

            var bypass = await _bypass.EnterAsync(linked.Token).ConfigureAwait(false);
            await using (bypass.ConfigureAwait(false))
            {
                using var expectation = _frames.ExpectFrames();
                return await _frames.WaitForFrameAsync(after, failures, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && _frames.Stalls > stalls)
        {
            // A frozen path is usually cured by the replacement; one that stays silent too may also be a lost signal.
            throw new NanoKvmTimeoutException(
                $"No video frame arrived within {Seconds(options.Timeout)} s: the shared MJPEG stream stalled (no data for "
                + $"{Seconds(_owner.Options.Video.StallTimeout)} s while frame detection was off) and was replaced "
                + $"{_frames.Stalls - stalls} time(s), and no replacement delivered a frame in time. The network path to the device "
                + "or its streaming service is stuck, or the HDMI source went away (see Device.GetHdmiStateAsync).",
                MjpegConnection.Endpoint, ex);
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NanoKvmTimeoutException(
                $"No video frame arrived within {Seconds(options.Timeout)} s. The HDMI source is probably absent (target off, asleep or "
                + "unplugged, or HDMI capture disabled — see Device.GetHdmiStateAsync), or the capture is still warming up.",
                MjpegConnection.Endpoint, ex);
        }
    }

    private async Task SettleAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        var last = Volatile.Read(ref _lastInput);
        if (settle <= TimeSpan.Zero || last == 0)
        {
            return;
        }

        var wait = settle - Time.GetElapsedTime(last);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SetScreenAsync(string type, int value, CancellationToken cancellationToken)
    {
        _owner.ThrowIfDisposed();
        var capabilities = await _owner.GetCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasScreenSettings)
        {
            await SetProStreamAsync(capabilities, type, value, cancellationToken).ConfigureAwait(false);
            return;
        }

        var body = ApiConnection.Json(new ScreenSettingRequest(type, value), VideoJsonContext.Default.ScreenSettingRequest);
        await Api.SendAsync(new ApiRequest(HttpMethod.Post, ScreenEndpoint, body), cancellationToken).ConfigureAwait(false);
    }

    private static void CheckWait(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be between zero and one hour.");
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
