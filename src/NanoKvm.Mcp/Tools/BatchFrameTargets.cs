using System.Globalization;
using NanoKvm.Mcp.Tools.Arguments;

namespace NanoKvm.Mcp.Tools;

/// <summary>
/// Where a batch touches the screen, for binding it to a frame (<c>frame_id</c>): every position a step puts the
/// absolute pointer (move, click, double_click, both ends of a drag). Steps that act where the pointer already is
/// (click/double_click without x and y, click_relative) are checked at the position an earlier step of the same
/// batch put it; when no earlier step did, or a move_relative moved it since, the screen under them cannot be checked
/// and the binding is refused rather than skipped. Scroll, type, key and wait have no position of their own.
/// </summary>
internal static class BatchFrameTargets
{
    /// <summary>The argument that binds a batch to a frame (a field: it names the tool's argument, not a parameter here).</summary>
    public static readonly string FrameArgument = "frame_id";

    /// <summary>Every screen position the steps act on, in the steps' own coordinates, in order.</summary>
    /// <exception cref="ArgumentException">A step clicks at a position the batch does not know, or no step has a position.</exception>
    public static IReadOnlyList<Target> Find(IReadOnlyList<BatchStep?> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var targets = new List<Target>();
        var pointerPlaced = false;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not { } step)
            {
                continue;
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"actions[{i}]");
            var at = step is { X: { } x, Y: { } y } ? new Target(name, x, y, step.Normalized) : null;
            switch (step.Action)
            {
                case BatchActionKind.Move when at is not null:
                case BatchActionKind.Click or BatchActionKind.DoubleClick when at is not null:
                    targets.Add(at);
                    pointerPlaced = true;
                    break;
                case BatchActionKind.Drag when at is not null && step is { ToX: { } tx, ToY: { } ty }:
                    targets.Add(at);
                    targets.Add(new Target(name + " (end)", tx, ty, step.Normalized));
                    pointerPlaced = true;
                    break;
                case BatchActionKind.Click or BatchActionKind.DoubleClick or BatchActionKind.ClickRelative when !pointerPlaced:
                    throw new ArgumentException(
                        $"{name} clicks where the pointer is, and no earlier step of this batch put it there (or a move_relative " +
                        "moved it since), so the screen under that click cannot be compared with the frame. Give the step x and y, " +
                        $"or move the pointer in an earlier step, or leave out {FrameArgument}.",
                        FrameArgument);
                case BatchActionKind.MoveRelative:
                    pointerPlaced = false;
                    break;
            }
        }

        return targets.Count > 0
            ? targets
            : throw new ArgumentException(
                $"{FrameArgument} needs a step with a screen position (move, click, double_click or drag with x and y): the check " +
                "compares the screen around those positions.",
                FrameArgument);
    }

    /// <summary>One position a step acts on.</summary>
    /// <param name="Name">The step, as error messages name it (<c>actions[2]</c>, <c>actions[3] (end)</c> for a drag's end).</param>
    /// <param name="X">Horizontal position in the step's units.</param>
    /// <param name="Y">Vertical position.</param>
    /// <param name="Normalized">Whether the position is a fraction 0..1 rather than pixels.</param>
    internal sealed record Target(string Name, double X, double Y, bool Normalized);
}
