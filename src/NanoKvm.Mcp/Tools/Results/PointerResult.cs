using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What a mouse action did.</summary>
internal sealed record PointerResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The action: move, click, double_click, tap, drag, scroll, move_relative, click_relative, drag_relative.")] string Action,
    [property: Description("Button used, when any.")] string? Button,
    [property: Description("Where the pointer went, as fractions 0..1 of the full screen (x), when absolute.")] double? ScreenX,
    [property: Description("Where the pointer went, as fractions 0..1 of the full screen (y), when absolute.")] double? ScreenY,
    [property: Description("What x and y were read against; null when the action took no coordinates.")] CoordinatesResult? Coordinates,
    [property: Description("What happened and what coordinates were read against.")] string Message)
{
    [Description("How the screen compared with frame_id before acting; null when no frame_id was given.")]
    [JsonRequired]
    public FrameCheckResult? FrameCheck { get; init; }

    [Description("Whether the screen changed after the action; null when verify_change_ms was not given.")]
    [JsonRequired]
    public ChangeCheckResult? Verify { get; init; }
}

/// <summary>The space pixel coordinates were read in.</summary>
internal sealed record CoordinatesResult(
    [property: Description("screenshot: pixels of the latest screenshot; capture_size: pixels of the screen as the device captures it now (no screenshot was taken yet); configured_size: pixels of the configured screen size; fractions: normalized 0..1.")] string Reference,
    [property: Description("Width of that pixel space; null for fractions.")] int? Width,
    [property: Description("Height of that pixel space; null for fractions.")] int? Height);
