using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ModelContextProtocol.Server;
using NanoKvm.Client.Hid;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Tools.Arguments;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>
/// The target's mouse. Absolute tools take coordinates in the pixels of the most recent screenshot of the device
/// (before the first one, of the screen at its current capture size), or fractions 0..1 of it with normalized=true;
/// relative tools move the boot mouse, which BIOS/UEFI screens understand.
/// </summary>
[McpServerToolType]
internal sealed class MouseTools(DeviceRegistry registry)
{
    internal const string X = "Horizontal position: a pixel column of the most recent screenshot of this device (0 = left; before the first screenshot, of the screen at the size the device captures now), or a fraction 0..1 of its width when normalized=true.";
    internal const string Y = "Vertical position: a pixel row of the most recent screenshot of this device (0 = top; before the first screenshot, of the screen at the size the device captures now), or a fraction 0..1 of its height when normalized=true.";
    internal const string Normalized = "true: x and y are fractions 0..1 of the screenshot's width and height instead of pixels (default false).";
    internal const string Button = "Mouse button: left (default), right, middle, back or forward (back/forward: firmware 2.3.2+).";

    [McpServerTool(Name = "nanokvm_move", Title = "Move the mouse pointer",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Moves the TARGET's mouse pointer to a position of the most recent screenshot, without clicking.")]
    public async Task<PointerResult> MoveAsync(
        [Description(X), Range(0.0, 8192.0)] double x,
        [Description(Y), Range(0.0, 8192.0)] double y,
        [Description(Normalized)] bool normalized = false,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await kvm.PrepareCoordinatesAsync(!normalized, cancellationToken);
        var (fx, fy) = kvm.Screen.ToFrameFraction(x, y, normalized);
        await kvm.Client.Mouse.MoveToAsync(fx, fy, cancellationToken);
        return Result(kvm, "move", null, fx, fy, x, y, normalized);
    }

    [McpServerTool(Name = "nanokvm_click", Title = "Click a mouse button",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Clicks a mouse button on the TARGET: at x,y of the most recent screenshot, or where the pointer is when " +
        "x and y are omitted. On BIOS/UEFI screens that ignore the absolute pointer use nanokvm_click_relative.")]
    public async Task<PointerResult> ClickAsync(
        [Description(Button)] MouseButtonName button = MouseButtonName.Left,
        [Description(X + " Omit x and y to click where the pointer is."), Range(0.0, 8192.0)] double? x = null,
        [Description(Y + " Omit x and y to click where the pointer is."), Range(0.0, 8192.0)] double? y = null,
        [Description(Normalized)] bool normalized = false,
        [Description(FrameBinding.FrameIdText)] string? frame_id = null,
        [Description(FrameBinding.ForceText)] bool force = false,
        [Description(FrameBinding.VerifyText), Range(100, 30_000)] int? verify_change_ms = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var target = await PointAsync(kvm, x, y, normalized, cancellationToken);
        RequireTargetForFrame(frame_id, target);
        using var binding = await FrameBinding.BeginAsync(kvm, frame_id, force, verify_change_ms, Targets(target), cancellationToken);
        PointerResult result;
        if (target is { } p)
        {
            await kvm.Client.Mouse.ClickAtAsync(p.X, p.Y, ToSdk(button), cancellationToken);
            result = Result(kvm, "click", button, p.X, p.Y, x!.Value, y!.Value, normalized);
        }
        else
        {
            await kvm.Client.Mouse.ClickAsync(ToSdk(button), cancellationToken: cancellationToken);
            result = new PointerResult(kvm.Name, "click", Name(button), null, null, null, $"Clicked {Name(button)} where the pointer was.");
        }

        return result with { FrameCheck = binding.Check, Verify = await binding.VerifyAsync(cancellationToken) };
    }

    [McpServerTool(Name = "nanokvm_tap", Title = "Click at a position",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Left-clicks the TARGET at x,y of the most recent screenshot (the reference server's touch-style tap).")]
    public async Task<PointerResult> TapAsync(
        [Description(X), Range(0.0, 8192.0)] double x,
        [Description(Y), Range(0.0, 8192.0)] double y,
        [Description(Normalized)] bool normalized = false,
        [Description(FrameBinding.FrameIdText)] string? frame_id = null,
        [Description(FrameBinding.ForceText)] bool force = false,
        [Description(FrameBinding.VerifyText), Range(100, 30_000)] int? verify_change_ms = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await kvm.PrepareCoordinatesAsync(!normalized, cancellationToken);
        var (fx, fy) = kvm.Screen.ToFrameFraction(x, y, normalized);
        using var binding = await FrameBinding.BeginAsync(kvm, frame_id, force, verify_change_ms, [(fx, fy)], cancellationToken);
        await kvm.Client.Mouse.ClickAtAsync(fx, fy, MouseButton.Left, cancellationToken);
        return Result(kvm, "tap", MouseButtonName.Left, fx, fy, x, y, normalized)
            with { FrameCheck = binding.Check, Verify = await binding.VerifyAsync(cancellationToken) };
    }

    [McpServerTool(Name = "nanokvm_double_click", Title = "Double-click",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Double-clicks on the TARGET at x,y of the most recent screenshot, or where the pointer is when x and y are omitted.")]
    public async Task<PointerResult> DoubleClickAsync(
        [Description(X + " Omit x and y to double-click where the pointer is."), Range(0.0, 8192.0)] double? x = null,
        [Description(Y + " Omit x and y to double-click where the pointer is."), Range(0.0, 8192.0)] double? y = null,
        [Description(Button)] MouseButtonName button = MouseButtonName.Left,
        [Description(Normalized)] bool normalized = false,
        [Description(FrameBinding.FrameIdText)] string? frame_id = null,
        [Description(FrameBinding.ForceText)] bool force = false,
        [Description(FrameBinding.VerifyText), Range(100, 30_000)] int? verify_change_ms = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var target = await PointAsync(kvm, x, y, normalized, cancellationToken);
        RequireTargetForFrame(frame_id, target);
        using var binding = await FrameBinding.BeginAsync(kvm, frame_id, force, verify_change_ms, Targets(target), cancellationToken);
        if (target is { } p)
        {
            await kvm.Client.Mouse.MoveToAsync(p.X, p.Y, cancellationToken);
        }

        await kvm.Client.Mouse.DoubleClickAsync(ToSdk(button), target is null ? null : MouseMode.Absolute, cancellationToken);
        var result = target is { } q
            ? Result(kvm, "double_click", button, q.X, q.Y, x!.Value, y!.Value, normalized)
            : new PointerResult(kvm.Name, "double_click", Name(button), null, null, null, "Double-clicked where the pointer was.");
        return result with { FrameCheck = binding.Check, Verify = await binding.VerifyAsync(cancellationToken) };
    }

    [McpServerTool(Name = "nanokvm_drag", Title = "Drag with the mouse",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Drags on the TARGET: presses a button at (x, y), moves to (to_x, to_y) and releases, all in the " +
        "coordinates of the most recent screenshot (or fractions with normalized=true).")]
    public async Task<PointerResult> DragAsync(
        [Description("Start: " + X), Range(0.0, 8192.0)] double x,
        [Description("Start: " + Y), Range(0.0, 8192.0)] double y,
        [Description("End, horizontal, same units as x."), Range(0.0, 8192.0)] double to_x,
        [Description("End, vertical, same units as y."), Range(0.0, 8192.0)] double to_y,
        [Description(Button)] MouseButtonName button = MouseButtonName.Left,
        [Description(Normalized)] bool normalized = false,
        [Description(FrameBinding.FrameIdText)] string? frame_id = null,
        [Description(FrameBinding.ForceText)] bool force = false,
        [Description(FrameBinding.VerifyText), Range(100, 30_000)] int? verify_change_ms = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await kvm.PrepareCoordinatesAsync(!normalized, cancellationToken);
        var (fx, fy) = kvm.Screen.ToFrameFraction(x, y, normalized);
        var (tx, ty) = Renamed(() => kvm.Screen.ToFrameFraction(to_x, to_y, normalized));
        using var binding = await FrameBinding.BeginAsync(kvm, frame_id, force, verify_change_ms, [(fx, fy), (tx, ty)], cancellationToken);
        await kvm.Client.Mouse.DragAsync(fx, fy, tx, ty, ToSdk(button), cancellationToken);
        return new PointerResult(kvm.Name, "drag", Name(button), tx, ty, Coordinates(kvm, normalized),
            string.Create(CultureInfo.InvariantCulture, $"Dragged with {Name(button)} from ({x}, {y}) to ({to_x}, {to_y}) in {Space(kvm, normalized)}."))
            { FrameCheck = binding.Check, Verify = await binding.VerifyAsync(cancellationToken) };
    }

    [McpServerTool(Name = "nanokvm_scroll", Title = "Turn the mouse wheel",
        ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Turns the TARGET's mouse wheel where the pointer is: positive amount scrolls down, negative scrolls up, in wheel notches.")]
    public async Task<PointerResult> ScrollAsync(
        [Description("Wheel notches: positive scrolls down, negative up (-100..100, not 0)."), Range(-100, 100)] int amount,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        if (amount is 0 or < -100 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Must be between -100 and 100 and not 0 (positive scrolls down).");
        }

        var kvm = registry.Resolve(device);
        await kvm.Client.Mouse.ScrollAsync(amount, cancellationToken: cancellationToken);
        return new PointerResult(kvm.Name, "scroll", null, null, null, null,
            string.Create(CultureInfo.InvariantCulture, $"Scrolled {(amount > 0 ? "down" : "up")} by {Math.Abs(amount)} notch{(Math.Abs(amount) == 1 ? string.Empty : "es")}."));
    }

    [McpServerTool(Name = "nanokvm_move_relative", Title = "Move the mouse by an offset (BIOS-safe)",
        ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Moves the TARGET's relative (boot) mouse by dx, dy mouse units — the pointer that BIOS/UEFI setup screens " +
        "understand. Positions are approximate (pointer acceleration): move, take a screenshot, correct.")]
    public async Task<PointerResult> MoveRelativeAsync(
        [Description("Rightwards movement in mouse units (-4000..4000; negative moves left)."), Range(-4000, 4000)] int dx,
        [Description("Downwards movement in mouse units (-4000..4000; negative moves up)."), Range(-4000, 4000)] int dy,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        CheckDelta(dx, nameof(dx));
        CheckDelta(dy, nameof(dy));
        var kvm = registry.Resolve(device);
        await kvm.Client.Mouse.MoveByAsync(dx, dy, cancellationToken);
        return new PointerResult(kvm.Name, "move_relative", null, null, null, null,
            string.Create(CultureInfo.InvariantCulture, $"Moved the relative mouse by ({dx}, {dy})."));
    }

    [McpServerTool(Name = "nanokvm_click_relative", Title = "Click with the relative mouse (BIOS-safe)",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Clicks (or double-clicks) a button of the TARGET's relative boot mouse where its pointer is — for " +
        "BIOS/UEFI screens that ignore nanokvm_click. Position it first with nanokvm_move_relative.")]
    public async Task<PointerResult> ClickRelativeAsync(
        [Description("left (default), right or middle.")] MouseButtonName button = MouseButtonName.Left,
        [Description("true: double-click.")] bool double_click = false,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        if (button is not (MouseButtonName.Left or MouseButtonName.Right or MouseButtonName.Middle))
        {
            throw new ArgumentException("The relative mouse has only left, right and middle buttons.", nameof(button));
        }

        var kvm = registry.Resolve(device);
        if (double_click)
        {
            await kvm.Client.Mouse.DoubleClickAsync(ToSdk(button), MouseMode.Relative, cancellationToken);
        }
        else
        {
            await kvm.Client.Mouse.ClickAsync(ToSdk(button), MouseMode.Relative, cancellationToken);
        }

        return new PointerResult(kvm.Name, "click_relative", Name(button), null, null, null,
            $"{(double_click ? "Double-clicked" : "Clicked")} {Name(button)} on the relative mouse.");
    }

    [McpServerTool(Name = "nanokvm_drag_relative", Title = "Drag with the relative mouse (BIOS-safe)",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Presses a button of the TARGET's relative boot mouse, moves it by dx, dy mouse units and releases.")]
    public async Task<PointerResult> DragRelativeAsync(
        [Description("Rightwards movement in mouse units (-4000..4000)."), Range(-4000, 4000)] int dx,
        [Description("Downwards movement in mouse units (-4000..4000)."), Range(-4000, 4000)] int dy,
        [Description("left (default), right or middle.")] MouseButtonName button = MouseButtonName.Left,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        CheckDelta(dx, nameof(dx));
        CheckDelta(dy, nameof(dy));
        var kvm = registry.Resolve(device);
        await kvm.Client.Mouse.DragByAsync(dx, dy, ToSdk(button), cancellationToken);
        return new PointerResult(kvm.Name, "drag_relative", Name(button), null, null, null,
            string.Create(CultureInfo.InvariantCulture, $"Dragged the relative mouse by ({dx}, {dy})."));
    }

    internal static MouseButton ToSdk(MouseButtonName button) => button switch
    {
        MouseButtonName.Right => MouseButton.Right,
        MouseButtonName.Middle => MouseButton.Middle,
        MouseButtonName.Back => MouseButton.Back,
        MouseButtonName.Forward => MouseButton.Forward,
        _ => MouseButton.Left,
    };

    internal static string Name(MouseButtonName button) => button.ToString().ToLowerInvariant();

    private static void CheckDelta(int value, string name)
    {
        if (value is < -4000 or > 4000)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be between -4000 and 4000 mouse units.");
        }
    }

    private static async Task<(double X, double Y)?> PointAsync(KvmDevice kvm, double? x, double? y, bool normalized, CancellationToken cancellationToken)
    {
        switch (x, y)
        {
            case (null, null):
                return null;
            case ({ } px, { } py):
                await kvm.PrepareCoordinatesAsync(!normalized, cancellationToken);
                return kvm.Screen.ToFrameFraction(px, py, normalized);
            case (null, _):
                throw new ArgumentException("Give both x and y, or neither to use the current pointer position.", nameof(x));
            default:
                throw new ArgumentException("Give both x and y, or neither to use the current pointer position.", nameof(y));
        }
    }

    /// <summary>What coordinates were read against, for the result.</summary>
    internal static CoordinatesResult Coordinates(KvmDevice kvm, bool normalized)
    {
        if (normalized)
        {
            return new CoordinatesResult("fractions", null, null);
        }

        var space = kvm.Screen.Space ?? throw new InvalidOperationException("Pixel coordinates were mapped without a coordinate space.");
        var source = space.Source switch
        {
            CoordinateSource.Screenshot => "screenshot",
            CoordinateSource.CaptureSize => "capture_size",
            _ => "configured_size",
        };
        return new CoordinatesResult(source, space.View.ImageWidth, space.View.ImageHeight);
    }

    private static string Space(KvmDevice kvm, bool normalized) =>
        normalized ? "fractions of the screen" : $"pixels of {ScreenGeometry.Describe(kvm.Screen.Space!)}";

    private static (double X, double Y) Renamed(Func<(double X, double Y)> map)
    {
        try
        {
            return map();
        }
        catch (ArgumentException e) when (e.ParamName is "x" or "y")
        {
            throw new ArgumentException(e.Message.Split(" (Parameter", 2)[0].Replace(e.ParamName + " must", "to_" + e.ParamName + " must", StringComparison.Ordinal), "to_" + e.ParamName, e);
        }
    }

    private static PointerResult Result(KvmDevice kvm, string action, MouseButtonName? button, double fx, double fy, double x, double y, bool normalized) =>
        new(kvm.Name, action, button is { } b ? Name(b) : null, fx, fy, Coordinates(kvm, normalized),
            string.Create(CultureInfo.InvariantCulture, $"{action} at ({x}, {y}) in {Space(kvm, normalized)}."));

    private static void RequireTargetForFrame(string? frame_id, (double X, double Y)? target)
    {
        if (frame_id is not null && target is null)
        {
            throw new ArgumentException("frame_id needs x and y: the check compares the screen around the target.", nameof(frame_id));
        }
    }

    private static (double X, double Y)[] Targets((double X, double Y)? target) => target is { } t ? [t] : [];
}
