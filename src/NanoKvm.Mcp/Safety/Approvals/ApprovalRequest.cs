using System.Text.Json;

namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>What a human is asked to approve: one tool call exactly as it will run, and the rules that ask.</summary>
/// <param name="Tool">The tool to run.</param>
/// <param name="Device">The device it acts on, by its configured name.</param>
/// <param name="Arguments">The arguments exactly as the tool will receive them.</param>
/// <param name="Rules">The policy entries that require approval.</param>
internal sealed record ApprovalRequest(
    string Tool,
    string Device,
    IDictionary<string, JsonElement>? Arguments,
    IReadOnlyList<ApprovalRule> Rules)
{
    /// <summary>Long values may be approved only when every entry that asks allows it.</summary>
    public bool AllowsLongValues => Rules.Count > 0 && Rules.All(r => r.AllowsLongValues);
}

/// <summary>One policy entry that requires approval.</summary>
/// <param name="Path">Its field path, e.g. <c>tools.nanokvm_power.action</c>.</param>
/// <param name="Reason">Its <c>reason</c>, if any.</param>
/// <param name="AllowsLongValues">Its <c>approve_long_values</c>.</param>
internal sealed record ApprovalRule(string Path, string? Reason, bool AllowsLongValues);
