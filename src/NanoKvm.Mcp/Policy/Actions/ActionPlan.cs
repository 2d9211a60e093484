using System.Text.Json;

namespace NanoKvm.Mcp.Policy.Actions;

/// <summary>Everything one tool call will do, step by step, as the policy counts it.</summary>
/// <param name="Tool">The tool that was called.</param>
/// <param name="Steps">One step per thing the call does: the call itself for single-action tools, plus one per batch step or chord.</param>
internal sealed record ActionPlan(string Tool, IReadOnlyList<ActionStep> Steps)
{
    /// <summary>How many times the call counts as each tool's action, for the audit log.</summary>
    public IReadOnlyDictionary<string, int> Totals()
    {
        var totals = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var count in Steps.SelectMany(s => s.Counts))
        {
            totals[count.Tool] = totals.GetValueOrDefault(count.Tool) + count.Times;
        }

        return totals;
    }
}

/// <summary>One thing a call does (a click, a typed text, one batch step) and every action it counts as.</summary>
/// <param name="Origin">Where it comes from in the call: empty for the call itself, or <c>actions[3]</c>, <c>keys[0]</c>.</param>
/// <param name="Counts">The actions this step counts as: its own tool's, and those it performs too (a tap counts as a click).</param>
/// <param name="Targets">Screen positions it points at, so they can be checked against the latest screenshot before any slot is taken.</param>
internal sealed record ActionStep(string Origin, IReadOnlyList<CountsAs> Counts, IReadOnlyList<PointerTarget> Targets);

/// <summary>
/// "This step counts <paramref name="Times"/> times as the action of <paramref name="Tool"/>": the policy entry of
/// that tool governs it, and its argument rules are checked against <paramref name="Arguments"/>.
/// </summary>
/// <param name="Tool">The reference tool whose policy entry governs this action.</param>
/// <param name="Times">How many of that action the step performs (a double-click is two clicks).</param>
/// <param name="Arguments">The step's data under the reference tool's argument names, device canonicalised.</param>
/// <param name="FillDefaults">
/// True when the step is that tool's own action with the same meaning of every argument, so arguments it leaves out
/// take the reference tool's declared defaults (a batch click without a button is a left click); false when the
/// arguments only partly apply (a key press counted as typing has no text or language).
/// </param>
internal sealed record CountsAs(string Tool, int Times, IReadOnlyDictionary<string, JsonElement> Arguments, bool FillDefaults = true);

/// <summary>An absolute screen position a step points at.</summary>
/// <param name="Where">How to name it in an error: <c>x</c>, <c>to_x</c>, <c>actions[2]</c>.</param>
/// <param name="X">Horizontal position as sent.</param>
/// <param name="Y">Vertical position as sent.</param>
/// <param name="Normalized">Whether the position is a fraction of the screenshot.</param>
internal sealed record PointerTarget(string Where, double X, double Y, bool Normalized);
