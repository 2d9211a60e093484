using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What a mouse action did.</summary>
internal sealed record PointerResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The action: move, click, double_click, tap, drag, scroll, move_relative, click_relative, drag_relative.")] string Action,
    [property: Description("Button used, when any.")] string? Button,
    [property: Description("Where the pointer went, as fractions 0..1 of the full screen (x), when absolute.")] double? ScreenX,
    [property: Description("Where the pointer went, as fractions 0..1 of the full screen (y), when absolute.")] double? ScreenY,
    [property: Description("What happened and what coordinates were read against.")] string Message);
