using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using static NanoKvm.Mcp.Policy.Actions.ToolNames;

namespace NanoKvm.Mcp.Policy.Actions;

/// <summary>
/// What every tool does, as the policy counts it. A policy entry is written for a tool name, and that tool is the
/// reference for its action: the entry governs every tool and every batch step that performs the action. So a tap
/// counts as a click, a double-click as two clicks, a drag as a drag and a click, typed text in a batch step as
/// <c>nanokvm_type_text</c> and <c>nanokvm_send_text</c>. A tool missing from this table is refused: the server
/// never runs a tool whose actions it cannot count.
/// </summary>
internal static class ActionTable
{
    private static readonly string[] PointerArguments = ["x", "y", "button", "normalized"];

    // Argument names in messages; fields, because these are the tool's arguments, not this class's parameters.
    private static readonly string KeysArgument = "keys";
    private static readonly string FrameArgument = "frame_id";

    private static readonly FrozenDictionary<string, ToolActions> Entries = Build();

    /// <summary>Every tool the table describes.</summary>
    public static IEnumerable<string> Tools => Entries.Keys;

    public static bool Covers(string tool) => Entries.ContainsKey(tool);

    /// <summary>
    /// The actions every call of the tool counts as, whatever its arguments (its own first). A tool is listed and
    /// callable only when the policy allows all of them.
    /// </summary>
    public static IReadOnlyList<string> AlwaysCountsAs(string tool) =>
        Entries.TryGetValue(tool, out var entry) ? entry.AlwaysCountsAs : [];

    /// <summary>Says what one call does.</summary>
    /// <param name="tool">The tool called.</param>
    /// <param name="arguments">Its arguments, with the tool's declared defaults filled in.</param>
    /// <param name="device">The canonical name of the device the call acts on.</param>
    /// <exception cref="UnmappedToolException">The table does not describe the tool.</exception>
    /// <exception cref="ArgumentException">The arguments do not say what would be done (for example a batch step that cannot be read).</exception>
    public static ActionPlan Plan(string tool, IReadOnlyDictionary<string, JsonElement> arguments, string device)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(device);
        if (!Entries.TryGetValue(tool, out var entry))
        {
            throw new UnmappedToolException(tool);
        }

        return new ActionPlan(tool, [.. entry.Plan(new CallArguments(arguments, device))]);
    }

    private static FrozenDictionary<string, ToolActions> Build()
    {
        var entries = new Dictionary<string, ToolActions>(StringComparer.Ordinal);

        // Reads, and actions no other tool performs: the call counts once, as itself.
        foreach (var tool in new[]
        {
            Info, Hardware, ListDevices, KeyboardLeds, ListImages, MountedImage, DownloadStatus, LedStatus, Screenshot,
            WaitForChange, WaitForStable, HdmiStatus, ReadText, FindText, WaitForText,
            ReleaseAll, ResetHid, MountIso, UnmountIso, DeleteImage, DownloadImage, CancelDownload, Power, WakeOnLan,
            HdmiReset, ScreenSettings, Scroll, SendText, Lease,
        })
        {
            entries.Add(tool, new ToolActions([tool], a => [Single(tool, a, [])]));
        }

        entries.Add(Move, new ToolActions([Move], a => [Single(Move, a, a.Target("x", "y"))]));
        entries.Add(Click, new ToolActions([Click], a => [Single(Click, FrameNeedsTarget(a), a.Target("x", "y"))]));
        // Clicking on a text is a click wherever the text turns out to be: a policy on clicks (count, rate, approval,
        // button) covers it. Its pixel target is only known after OCR, so pixel-region rules cannot allow it in advance.
        entries.Add(ClickText, new ToolActions(
            [ClickText, Click],
            a => [Single(ClickText, a, [], new CountsAs(Click, 1, a.Pick("button").Values, FillDefaults: false))]));
        entries.Add(Tap, new ToolActions(
            [Tap, Click],
            a => [Single(Tap, a, a.Target("x", "y"), new CountsAs(Click, 1, a.Pick("x", "y", "normalized").With("button", "left").Values))]));
        entries.Add(DoubleClick, new ToolActions(
            [DoubleClick, Click],
            a => [Single(DoubleClick, FrameNeedsTarget(a), a.Target("x", "y"), new CountsAs(Click, 2, a.Pick(PointerArguments).Values))]));
        entries.Add(Drag, new ToolActions(
            [Drag, Click],
            a => [Single(Drag, a, a.Target("x", "y").Concat(a.Target("to_x", "to_y")), new CountsAs(Click, 1, a.Pick(PointerArguments).Values))]));
        entries.Add(MoveRelative, new ToolActions(
            [MoveRelative, Move],
            a => [Single(MoveRelative, a, [], new CountsAs(Move, 1, a.Pick().Values, FillDefaults: false))]));
        entries.Add(ClickRelative, new ToolActions([ClickRelative, Click], ClickRelativeSteps));
        entries.Add(DragRelative, new ToolActions(
            [DragRelative, Drag, Click],
            a => [Single(DragRelative, a, [], new CountsAs(Drag, 1, a.Pick("button").Values, FillDefaults: false), new CountsAs(Click, 1, a.Pick("button").Values, FillDefaults: false))]));

        entries.Add(TypeText, new ToolActions(
            [TypeText, SendText],
            a => [Single(TypeText, a, [], new CountsAs(SendText, 1, a.Pick("text").With("language", a.Raw("layout")).Values))]));
        entries.Add(SendKey, new ToolActions(
            [SendKey, SendText],
            a => [Single(SendKey, a, [], KeyAsTyping(a))]));
        entries.Add(PressKeys, new ToolActions([PressKeys, SendKey, SendText], PressKeysSteps));

        entries.Add(PowerCycle, new ToolActions(
            [PowerCycle, Power],
            a =>
            [
                Single(
                    PowerCycle,
                    a,
                    [],
                    new CountsAs(Power, 1, a.Pick().With("action", "power_long").Values),
                    new CountsAs(Power, 1, a.Pick().With("action", "power").Values)),
            ]));

        entries.Add(Batch, new ToolActions([Batch], BatchActions.Plan));
        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The call as one step: its own action, plus what else it counts as.</summary>
    internal static ActionStep Single(string tool, CallArguments call, IEnumerable<PointerTarget> targets, params CountsAs[] also) =>
        new(string.Empty, [new CountsAs(tool, 1, call.All().Values), .. also], [.. targets]);

    /// <summary>
    /// A click bound to a frame (frame_id) at the pointer's current position cannot be checked against that frame; it
    /// is an invalid argument, decided here so the refusal takes no rate-limit slot (the tool says the same later).
    /// </summary>
    internal static CallArguments FrameNeedsTarget(CallArguments call)
    {
        if (call.Raw(FrameArgument) is { ValueKind: JsonValueKind.String }
            && (call.Raw("x") is not { ValueKind: JsonValueKind.Number } || call.Raw("y") is not { ValueKind: JsonValueKind.Number }))
        {
            throw new ArgumentException("frame_id needs x and y: the check compares the screen around the target.", FrameArgument);
        }

        return call;
    }

    /// <summary>A key press can type a character, so it counts as typing too (without text or language to check).</summary>
    internal static CountsAs KeyAsTyping(CallArguments call) => new(SendText, 1, call.Pick().Values, FillDefaults: false);

    private static IEnumerable<ActionStep> ClickRelativeSteps(CallArguments call)
    {
        var twice = call.Flag("double_click");
        var button = call.Pick("button").Values;
        List<CountsAs> also = [new CountsAs(Click, twice ? 2 : 1, button, FillDefaults: false)];
        if (twice)
        {
            also.Add(new CountsAs(DoubleClick, 1, button, FillDefaults: false));
        }

        yield return Single(ClickRelative, call, [], [.. also]);
    }

    private static IEnumerable<ActionStep> PressKeysSteps(CallArguments call)
    {
        yield return Single(PressKeys, call, []);
        if (call.Raw(KeysArgument) is not { ValueKind: JsonValueKind.Array } keys)
        {
            throw new ArgumentException("Give the chords to press as an array of strings.", KeysArgument);
        }

        var index = 0;
        foreach (var key in keys.EnumerateArray())
        {
            var origin = string.Create(CultureInfo.InvariantCulture, $"keys[{index++}]");
            if (key.ValueKind != JsonValueKind.String)
            {
                throw new ArgumentException("Each chord must be a string.", origin);
            }

            yield return new ActionStep(origin, [new CountsAs(SendKey, 1, call.Pick().With("key", key).Values), KeyAsTyping(call)], []);
        }
    }

    /// <param name="AlwaysCountsAs">Actions every call counts as, its own first.</param>
    /// <param name="Plan">The steps of one call.</param>
    private sealed record ToolActions(IReadOnlyList<string> AlwaysCountsAs, Func<CallArguments, IEnumerable<ActionStep>> Plan);
}
