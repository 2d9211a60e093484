using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What typing did.</summary>
internal sealed record TypedTextResult(
    [property: Description("Device used.")] string Device,
    [property: Description("paste (the KVM's own typing endpoint) or websocket (key by key from this server).")] string Method,
    [property: Description("Keyboard layout the target is assumed to use.")] string Layout,
    [property: Description("Characters typed.")] int Typed,
    [property: Description("Characters that could not be typed on that layout and were skipped.")] IReadOnlyList<string> Skipped,
    [property: Description("How long typing took, in milliseconds.")] long ElapsedMs,
    [property: Description("What happened, in words.")] string Message);

/// <summary>What a key press did.</summary>
internal sealed record KeyPressResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The chords pressed, in order, e.g. Ctrl+Alt+Delete.")] IReadOnlyList<string> Chords,
    [property: Description("How long each chord was held, in milliseconds (0 = tapped).")] int HoldMs,
    [property: Description("What happened, in words.")] string Message);

/// <summary>The target keyboard's lock LEDs.</summary>
internal sealed record KeyboardLedsResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Num Lock LED.")] bool NumLock,
    [property: Description("Caps Lock LED.")] bool CapsLock,
    [property: Description("Scroll Lock LED.")] bool ScrollLock,
    [property: Description("False when the target has not reported its LEDs yet.")] bool Known);
