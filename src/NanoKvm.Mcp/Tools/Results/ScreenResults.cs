using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>The facts that come with a screenshot image.</summary>
internal sealed record ScreenshotResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Width of the returned image in pixels: x coordinates of later calls are read against it.")] int Width,
    [property: Description("Height of the returned image in pixels: y coordinates of later calls are read against it.")] int Height,
    [property: Description("Image pixels per screen pixel (1 = full resolution, 0.5 = half size).")] double Scale,
    [property: Description("Width of the target's full screen as captured.")] int ScreenWidth,
    [property: Description("Height of the target's full screen as captured.")] int ScreenHeight,
    [property: Description("The part of the screen shown, in screen pixels: x, y, width, height.")] IReadOnlyList<int> Region,
    [property: Description("False when the device's own JPEG was passed through unchanged.")] bool Reencoded,
    [property: Description("When the frame was received (UTC).")] DateTimeOffset CapturedAt,
    [property: Description("Id of this frame: give it as frame_id to a pointer action so it is refused if the screen changed around its target since.")] string FrameId);

/// <summary>HDMI capture state.</summary>
internal sealed record HdmiStatusResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Whether HDMI capture is switched on.")] bool Enabled,
    [property: Description("Whether an HDMI signal is present (firmware 2.5.1+), or null when the firmware does not say.")] bool? Signal,
    [property: Description("Minutes without viewers after which capture stops (firmware 2.5.0+), or null.")] double? IdleTimeoutMinutes,
    [property: Description("What to make of it.")] string Message);

/// <summary>The outcome of waiting on the screen.</summary>
internal sealed record ScreenWaitResult(
    [property: Description("Device used.")] string Device,
    [property: Description("True when the awaited condition happened (changed, or stable) before the timeout.")] bool Happened,
    [property: Description("How long the wait took, in milliseconds.")] long WaitedMs,
    [property: Description("The screenshot taken at the end (when screenshot=true): same fields as nanokvm_screenshot.")] ScreenshotResult? Screenshot,
    [property: Description("What happened, in words.")] string Message);

/// <summary>Capture settings applied.</summary>
internal sealed record ScreenSettingsResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The settings that were changed, as name=value.")] IReadOnlyList<string> Applied,
    [property: Description("What happened, in words.")] string Message);
