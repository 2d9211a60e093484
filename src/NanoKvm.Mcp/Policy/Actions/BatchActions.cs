using System.Globalization;
using System.Text.Json;
using NanoKvm.Mcp.Tools;
using NanoKvm.Mcp.Tools.Arguments;
using static NanoKvm.Mcp.Policy.Actions.ToolNames;

namespace NanoKvm.Mcp.Policy.Actions;

/// <summary>
/// What a <c>nanokvm_batch</c> call does: the batch itself, then one step per batch step, each counted as the tool that
/// performs the same action on its own. The steps are read exactly as the batch tool reads them (same record, same
/// JSON options), so the policy judges the steps that will run.
/// </summary>
internal static class BatchActions
{
    /// <summary>The batch tool's argument that holds the steps (a field: it names the tool's argument, not a parameter here).</summary>
    public static readonly string StepsArgument = "actions";

    public static IEnumerable<ActionStep> Plan(CallArguments call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var steps = Read(call);
        var plan = new List<ActionStep> { ActionTable.Single(Batch, call, []) };
        for (var i = 0; i < steps.Length; i++)
        {
            var origin = string.Create(CultureInfo.InvariantCulture, $"{StepsArgument}[{i}]");
            var step = steps[i] ?? throw new ArgumentException("A step must be an object with an \"action\".", origin);
            if (Step(step, origin, call.Device) is { } planned)
            {
                plan.Add(planned);
            }
        }

        // A batch bound to a frame whose clicks cannot all be checked is refused here, before any rate-limit slot.
        if (call.Raw(BatchFrameTargets.FrameArgument) is { ValueKind: JsonValueKind.String })
        {
            BatchFrameTargets.Find(steps);
        }

        return plan;
    }

    private static BatchStep?[] Read(CallArguments call)
    {
        if (call.Raw(StepsArgument) is not { ValueKind: JsonValueKind.Array } actions)
        {
            throw new ArgumentException("Give the steps as an array.", StepsArgument);
        }

        try
        {
            return actions.Deserialize<BatchStep?[]>(ToolJson.Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The steps cannot be read: {e.Message}", StepsArgument, e);
        }
    }

    /// <summary>The step as the policy counts it, or null for a pause, which does nothing to the target.</summary>
    private static ActionStep? Step(BatchStep step, string origin, string device)
    {
        var button = Json(step.Button);
        ActionArguments Pointer() => new ActionArguments(device)
            .With("x", step.X).With("y", step.Y).With("button", button).With("normalized", step.Normalized);
        PointerTarget[] From() => step is { X: { } x, Y: { } y } ? [new PointerTarget(origin, x, y, step.Normalized)] : [];
        PointerTarget[] To() => step is { ToX: { } x, ToY: { } y } ? [new PointerTarget(origin, x, y, step.Normalized)] : [];

        return step.Action switch
        {
            BatchActionKind.Move => new ActionStep(
                origin,
                [new CountsAs(Move, 1, new ActionArguments(device).With("x", step.X).With("y", step.Y).With("normalized", step.Normalized).Values)],
                From()),
            BatchActionKind.Click => new ActionStep(origin, [new CountsAs(Click, 1, Pointer().Values)], From()),
            BatchActionKind.DoubleClick => new ActionStep(
                origin,
                [new CountsAs(DoubleClick, 1, Pointer().Values), new CountsAs(Click, 2, Pointer().Values)],
                From()),
            BatchActionKind.Drag => new ActionStep(
                origin,
                [
                    new CountsAs(Drag, 1, Pointer().With("to_x", step.ToX).With("to_y", step.ToY).Values),
                    new CountsAs(Click, 1, Pointer().Values),
                ],
                [.. From(), .. To()]),
            BatchActionKind.Scroll => new ActionStep(origin, [new CountsAs(Scroll, 1, new ActionArguments(device).With("amount", step.Amount).Values)], []),
            BatchActionKind.MoveRelative => new ActionStep(
                origin,
                [
                    new CountsAs(MoveRelative, 1, new ActionArguments(device).With("dx", step.Dx).With("dy", step.Dy).Values),
                    new CountsAs(Move, 1, new ActionArguments(device).Values, FillDefaults: false),
                ],
                []),
            BatchActionKind.ClickRelative => new ActionStep(
                origin,
                [
                    new CountsAs(ClickRelative, 1, new ActionArguments(device).With("button", button).Values),
                    new CountsAs(Click, 1, new ActionArguments(device).With("button", button).Values, FillDefaults: false),
                ],
                []),
            BatchActionKind.Type => new ActionStep(
                origin,
                [
                    new CountsAs(TypeText, 1, new ActionArguments(device).With("text", step.Text).With("layout", Present(step.Layout)).Values),
                    new CountsAs(SendText, 1, new ActionArguments(device).With("text", step.Text).With("language", Present(step.Layout)).Values),
                ],
                []),
            BatchActionKind.Key => new ActionStep(
                origin,
                [
                    new CountsAs(SendKey, 1, new ActionArguments(device).With("key", step.Key).Values),
                    new CountsAs(SendText, 1, new ActionArguments(device).Values, FillDefaults: false),
                ],
                []),
            BatchActionKind.Wait => null,

            // A step kind added without a mapping is refused, never waved through.
            _ => throw new ArgumentException($"The safety policy does not know what batch action '{step.Action}' does, so it is refused.", origin),
        };
    }

    private static JsonElement? Present(string? value) =>
        string.IsNullOrEmpty(value) ? null : JsonSerializer.SerializeToElement(value);

    private static JsonElement Json(MouseButtonName button) => JsonSerializer.SerializeToElement(button, ToolJson.Options);
}
