using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>How the screen compared with the frame an action was planned on.</summary>
internal sealed record FrameCheckResult(
    [property: Description("The frame_id the action was bound to.")] string FrameId,
    [property: Description("Id of the fresh frame it was compared with (usable as a new frame_id).")] string CurrentFrameId,
    [property: Description("Fraction 0..1 of the area around the target(s) that differs; 1 when the frame was unknown or the size changed.")] double ChangedFraction,
    [property: Description("True when the area changed more than the limit (the action then ran only because force=true).")] bool Changed,
    [property: Description("Whether force=true was given.")] bool Forced);

/// <summary>Whether the screen changed after an action (verify_change_ms).</summary>
internal sealed record ChangeCheckResult(
    [property: Description("True when the screen changed within verify_change_ms after the action.")] bool Changed,
    [property: Description("How long was waited, in milliseconds.")] long WaitedMs);
