using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Client;
using NanoKvm.Client.Video;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Screenshots;
using NanoKvm.Mcp.Tools.Arguments;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>The target's screen: screenshots (scaled, cropped), waiting for change or stillness, HDMI and capture settings.</summary>
[McpServerToolType]
internal sealed class ScreenTools(DeviceRegistry registry)
{
    private const string CropUnits = " In the units of x/y of other tools: pixels of the most recent screenshot, or fractions with normalized=true.";

    [McpServerTool(Name = "nanokvm_screenshot", Title = "Screenshot of the target",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(ScreenshotResult))]
    [Description("Captures a fresh frame of the TARGET computer's screen and returns it as a JPEG image with its width, " +
        "height and scale. Coordinates for mouse tools are pixels of the latest screenshot. Give crop_* to zoom into a " +
        "region at full resolution (e.g. to read small text); the crop then becomes the reference for coordinates.")]
    public async Task<CallToolResult> ScreenshotAsync(
        [Description("Largest width of the returned image in pixels (0 = no limit; default 1920). Larger frames are downscaled."), Range(0, 8192)]
        int max_width = 1920,
        [Description("Largest height of the returned image in pixels (0 = no limit; default 1080)."), Range(0, 8192)]
        int max_height = 1080,
        [Description("JPEG quality 1-100 (default 80), used when the image is scaled or cropped; otherwise the device's JPEG is passed through."), Range(1, 100)]
        int quality = 80,
        [Description("Left edge of a region to show." + CropUnits), Range(0.0, 8192.0)] double? crop_x = null,
        [Description("Top edge of the region." + CropUnits), Range(0.0, 8192.0)] double? crop_y = null,
        [Description("Width of the region." + CropUnits), Range(0.0, 8192.0)] double? crop_width = null,
        [Description("Height of the region." + CropUnits), Range(0.0, 8192.0)] double? crop_height = null,
        [Description("true: crop_* are fractions 0..1 of the latest screenshot instead of pixels.")] bool normalized = false,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        CheckLimits(max_width, max_height, quality);
        var crop = CropArguments(crop_x, crop_y, crop_width, crop_height);
        var kvm = registry.Resolve(device);
        using var frame = await kvm.Client.Video.GetScreenshotAsync(cancellationToken: cancellationToken);
        var (image, result) = Present(kvm, frame, crop, normalized, max_width, max_height, quality);
        return ImageResult(image, result);
    }

    [McpServerTool(Name = "nanokvm_wait_for_change", Title = "Wait until the screen changes",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(ScreenWaitResult))]
    [Description("Waits until the TARGET's screen differs from the most recent screenshot (or from now, if none was " +
        "taken) — e.g. after a click or while something boots — and returns a fresh screenshot. Not an error when the " +
        "timeout passes: happened=false then.")]
    public async Task<CallToolResult> WaitForChangeAsync(
        [Description("Longest wait in milliseconds (100-300000; default 10000)."), Range(100, 300_000)] int timeout_ms = 10_000,
        [Description("Return a screenshot when done (default true).")] bool screenshot = true,
        [Description("Largest width of that screenshot (0 = no limit; default 1920)."), Range(0, 8192)] int max_width = 1920,
        [Description("Largest height of that screenshot (0 = no limit; default 1080)."), Range(0, 8192)] int max_height = 1080,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        CheckRange(timeout_ms, 100, 300_000, nameof(timeout_ms));
        CheckLimits(max_width, max_height, 80);
        var kvm = registry.Resolve(device);
        using var reference = kvm.Screen.LatestFrame is { } latest ? VideoFrame.FromJpeg(latest.Jpeg, latest.At) : null;
        var started = TimeProvider.System.GetTimestamp();
        VideoFrame? changed = null;
        try
        {
            changed = await kvm.Client.Video.WaitForChangeAsync(reference, TimeSpan.FromMilliseconds(timeout_ms), cancellationToken: cancellationToken);
        }
        catch (NanoKvmTimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            // The screen stayed the same: an answer, not a failure.
        }

        using (changed)
        {
            return await WaitResultAsync(kvm, changed, started, screenshot, max_width, max_height,
                changed is null ? $"The screen did not change within {timeout_ms} ms." : "The screen changed.", cancellationToken);
        }
    }

    [McpServerTool(Name = "nanokvm_wait_for_stable", Title = "Wait until the screen stops changing",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(ScreenWaitResult))]
    [Description("Waits until the TARGET's screen has stayed the same for stable_ms (a page finished drawing, a boot " +
        "settled) and returns that screenshot. Not an error when the timeout passes: happened=false then.")]
    public async Task<CallToolResult> WaitForStableAsync(
        [Description("How long the screen must stay unchanged, in milliseconds (100-60000; default 1000)."), Range(100, 60_000)] int stable_ms = 1000,
        [Description("Longest wait in milliseconds, at least stable_ms (100-300000; default 15000)."), Range(100, 300_000)] int timeout_ms = 15_000,
        [Description("Return a screenshot when done (default true).")] bool screenshot = true,
        [Description("Largest width of that screenshot (0 = no limit; default 1920)."), Range(0, 8192)] int max_width = 1920,
        [Description("Largest height of that screenshot (0 = no limit; default 1080)."), Range(0, 8192)] int max_height = 1080,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        CheckRange(stable_ms, 100, 60_000, nameof(stable_ms));
        CheckRange(timeout_ms, 100, 300_000, nameof(timeout_ms));
        if (timeout_ms < stable_ms)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout_ms), timeout_ms, $"Must be at least stable_ms ({stable_ms}).");
        }

        CheckLimits(max_width, max_height, 80);
        var kvm = registry.Resolve(device);
        var started = TimeProvider.System.GetTimestamp();
        VideoFrame? stable = null;
        try
        {
            stable = await kvm.Client.Video.WaitForStableAsync(
                TimeSpan.FromMilliseconds(stable_ms), TimeSpan.FromMilliseconds(timeout_ms), cancellationToken: cancellationToken);
        }
        catch (NanoKvmTimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            // Still changing at the deadline: an answer, not a failure.
        }

        using (stable)
        {
            return await WaitResultAsync(kvm, stable, started, screenshot, max_width, max_height,
                stable is null ? $"The screen kept changing for {timeout_ms} ms." : $"The screen was unchanged for {stable_ms} ms.", cancellationToken);
        }
    }

    [McpServerTool(Name = "nanokvm_hdmi_status", Title = "HDMI capture status",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reports whether the KVM's HDMI capture is on and (firmware 2.5.1+) whether the target sends a signal — " +
        "a cheap check before a screenshot. The target's resolution comes with each screenshot instead.")]
    public async Task<HdmiStatusResult> HdmiStatusAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        if ((await kvm.Client.GetFirmwareAsync(cancellationToken)).Capabilities.HasHdmiSwitches)
        {
            // NanoKVM-Pro: capture is a switch of its own and there is no signal flag.
            var capturing = await kvm.Client.Device.GetHdmiCaptureAsync(cancellationToken);
            return new HdmiStatusResult(kvm.Name, capturing, null, null, capturing
                ? "Capture is on; this NanoKVM-Pro does not report whether a signal is present — take a screenshot."
                : "HDMI capture is switched off on the KVM; screenshots will fail until it is switched on.");
        }

        var state = await kvm.Client.Device.GetHdmiStateAsync(cancellationToken);
        var message = (state.Enabled, state.Signal) switch
        {
            (false, _) => "HDMI capture is switched off on the KVM; screenshots will fail until it is enabled.",
            (true, false) => "No HDMI signal: the target is off, asleep, or its display output is disabled.",
            (true, true) => "Capturing a signal.",
            _ => "Capture is on; this firmware does not report whether a signal is present — take a screenshot.",
        };
        return new HdmiStatusResult(kvm.Name, state.Enabled, state.Signal, state.IdleTimeout?.TotalMinutes, message);
    }

    [McpServerTool(Name = "nanokvm_hdmi_reset", Title = "Reset HDMI capture",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Resets the KVM's HDMI capture chain — try it when screenshots are black or frozen although the target is on. " +
        "Video pauses for about a second; the target is not affected.")]
    public async Task<HdmiStatusResult> HdmiResetAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await kvm.Client.Device.ResetHdmiAsync(cancellationToken);
        var state = await kvm.Client.Device.GetHdmiStateAsync(cancellationToken);
        return new HdmiStatusResult(kvm.Name, state.Enabled, state.Signal, state.IdleTimeout?.TotalMinutes, "HDMI capture was reset; take a screenshot.");
    }

    [McpServerTool(Name = "nanokvm_screen_settings", Title = "Change capture settings",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Changes the KVM's video capture settings (they apply to every viewer of this KVM): output resolution, " +
        "JPEG quality of the stream, frame rate, and MJPEG frame detection. Give at least one.")]
    public async Task<ScreenSettingsResult> ScreenSettingsAsync(
        [Description("Capture output resolution: auto (follow the target), 640x480, 800x600, 1280x720 or 1920x1080.")] ResolutionName? resolution = null,
        [Description("Stream JPEG quality: 50, 60, 80 or 100."), AllowedValues(null, 50, 60, 80, 100)] int? stream_quality = null,
        [Description("Frames per second, 10-60."), Range(10, 60)] int? fps = null,
        [Description("Frame detection: true skips unchanged frames (less traffic), false sends every frame.")] bool? frame_detection = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        if (resolution is null && stream_quality is null && fps is null && frame_detection is null)
        {
            throw new ArgumentException("Give at least one of resolution, stream_quality, fps or frame_detection.", nameof(resolution));
        }

        if (stream_quality is { } q && q is not (50 or 60 or 80 or 100))
        {
            throw new ArgumentOutOfRangeException(nameof(stream_quality), q, "Must be 50, 60, 80 or 100.");
        }

        if (fps is { } f)
        {
            CheckRange(f, 10, 60, nameof(fps));
        }

        var kvm = registry.Resolve(device);
        var video = kvm.Client.Video;
        var applied = new List<string>();
        if (resolution is { } r)
        {
            await video.SetResolutionAsync(ToSdk(r), cancellationToken);
            kvm.Screen.ForgetCaptureSize();
            applied.Add("resolution=" + JsonSerializer.Serialize(r).Trim('"'));
        }

        if (stream_quality is { } quality)
        {
            await video.SetJpegQualityAsync(quality, cancellationToken);
            applied.Add(string.Create(CultureInfo.InvariantCulture, $"stream_quality={quality}"));
        }

        if (fps is { } rate)
        {
            await video.SetFrameRateAsync(rate, cancellationToken);
            applied.Add(string.Create(CultureInfo.InvariantCulture, $"fps={rate}"));
        }

        if (frame_detection is { } detection)
        {
            await video.SetFrameDetectionAsync(detection, cancellationToken);
            applied.Add($"frame_detection={(detection ? "true" : "false")}");
        }

        return new ScreenSettingsResult(kvm.Name, applied, $"Applied {string.Join(", ", applied)}. Take a new screenshot: sizes may have changed.");
    }

    private static async Task<CallToolResult> WaitResultAsync(
        KvmDevice kvm, VideoFrame? frame, long started, bool screenshot, int maxWidth, int maxHeight, string message, CancellationToken cancellationToken)
    {
        ScreenshotResult? shot = null;
        byte[]? image = null;
        if (screenshot)
        {
            if (frame is not null)
            {
                (image, shot) = Present(kvm, frame, null, false, maxWidth, maxHeight, 80);
            }
            else
            {
                using var now = await kvm.Client.Video.GetScreenshotAsync(cancellationToken: cancellationToken);
                (image, shot) = Present(kvm, now, null, false, maxWidth, maxHeight, 80);
            }
        }

        var waited = (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        var result = new ScreenWaitResult(kvm.Name, frame is not null, waited, shot, message);
        var structured = JsonSerializer.SerializeToElement(result, ToolJson.Options);
        var content = new List<ContentBlock> { new TextContentBlock { Text = structured.GetRawText() } };
        if (image is not null)
        {
            content.Insert(0, ImageContentBlock.FromBytes(image, "image/jpeg"));
        }

        return new CallToolResult { Content = content, StructuredContent = structured };
    }

    private static (byte[] Image, ScreenshotResult Result) Present(
        KvmDevice kvm, VideoFrame frame, (double X, double Y, double Width, double Height)? crop, bool normalized, int maxWidth, int maxHeight, int quality)
    {
        var jpeg = frame.ToArray();

        // Every frame tells the capture size; a crop in pixels before the first screenshot is read against it.
        kvm.Screen.RecordCaptureSize(frame.Width, frame.Height);
        PixelRect? region = crop is { } c ? kvm.Screen.ToFrameRect(c.X, c.Y, c.Width, c.Height, normalized, frame.Width, frame.Height) : null;
        var rendered = ScreenshotRenderer.Render(jpeg, frame.Width, frame.Height, region, maxWidth, maxHeight, quality);
        var shown = region ?? new PixelRect(0, 0, frame.Width, frame.Height);
        var view = new ScreenView(frame.Width, frame.Height, shown, rendered.Width, rendered.Height);
        kvm.Screen.Record(view, jpeg, frame.ReceivedAt);
        var result = new ScreenshotResult(
            kvm.Name,
            rendered.Width,
            rendered.Height,
            Math.Round(view.Scale, 4),
            frame.Width,
            frame.Height,
            [shown.X, shown.Y, shown.Width, shown.Height],
            rendered.Reencoded,
            frame.ReceivedAt,
            kvm.Frames.Add(jpeg, frame.Width, frame.Height, frame.ReceivedAt));
        return (rendered.Jpeg, result);
    }

    private static CallToolResult ImageResult(byte[] jpeg, ScreenshotResult result)
    {
        var structured = JsonSerializer.SerializeToElement(result, ToolJson.Options);
        return new CallToolResult
        {
            Content = [ImageContentBlock.FromBytes(jpeg, "image/jpeg"), new TextContentBlock { Text = structured.GetRawText() }],
            StructuredContent = structured,
        };
    }

    private static (double X, double Y, double Width, double Height)? CropArguments(double? x, double? y, double? width, double? height)
    {
        if (x is null && y is null && width is null && height is null)
        {
            return null;
        }

        if (x is { } cx && y is { } cy && width is { } cw && height is { } ch)
        {
            return (cx, cy, cw, ch);
        }

        var missing = x is null ? nameof(x) : y is null ? nameof(y) : width is null ? nameof(width) : nameof(height);
        throw new ArgumentException("Give all four of crop_x, crop_y, crop_width and crop_height, or none.", "crop_" + missing);
    }

    private static void CheckLimits(int max_width, int max_height, int quality)
    {
        if (max_width is not 0 and (< 16 or > 8192))
        {
            throw new ArgumentOutOfRangeException(nameof(max_width), max_width, "Must be 0 (no limit) or between 16 and 8192.");
        }

        if (max_height is not 0 and (< 16 or > 8192))
        {
            throw new ArgumentOutOfRangeException(nameof(max_height), max_height, "Must be 0 (no limit) or between 16 and 8192.");
        }

        CheckRange(quality, 1, 100, nameof(quality));
    }

    private static void CheckRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"Must be between {min} and {max}."));
        }
    }

    private static ScreenResolution ToSdk(ResolutionName resolution) => resolution switch
    {
        ResolutionName.R640x480 => ScreenResolution.R640x480,
        ResolutionName.R800x600 => ScreenResolution.R800x600,
        ResolutionName.R1280x720 => ScreenResolution.R1280x720,
        ResolutionName.R1920x1080 => ScreenResolution.R1920x1080,
        _ => ScreenResolution.Auto,
    };
}
