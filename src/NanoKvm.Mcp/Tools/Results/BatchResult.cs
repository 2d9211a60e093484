using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What a batch did.</summary>
internal sealed record BatchResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Steps run to completion.")] int Completed,
    [property: Description("Steps in the batch.")] int Total,
    [property: Description("Index of the step that failed, or null.")] int? FailedStep,
    [property: Description("Why it failed, or null.")] string? Error,
    [property: Description("One line per step that ran.")] IReadOnlyList<string> Log,
    [property: Description("What the steps' x and y were read against (pixels win over fractions when both occur); null when no step had coordinates.")] CoordinatesResult? Coordinates)
{
    [Description("How the screen compared with frame_id around every step's target before the first step ran; null when no frame_id was given.")]
    [JsonRequired]
    public FrameCheckResult? FrameCheck { get; init; }

    [Description("Whether the screen changed after the last step; null when verify_change_ms was not given or the batch stopped at a failing step.")]
    [JsonRequired]
    public ChangeCheckResult? Verify { get; init; }
}
