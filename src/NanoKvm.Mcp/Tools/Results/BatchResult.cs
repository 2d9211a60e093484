using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What a batch did.</summary>
internal sealed record BatchResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Steps run to completion.")] int Completed,
    [property: Description("Steps in the batch.")] int Total,
    [property: Description("Index of the step that failed, or null.")] int? FailedStep,
    [property: Description("Why it failed, or null.")] string? Error,
    [property: Description("One line per step that ran.")] IReadOnlyList<string> Log,
    [property: Description("What the steps' x and y were read against (pixels win over fractions when both occur); null when no step had coordinates.")] CoordinatesResult? Coordinates);
