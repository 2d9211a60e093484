using System.Text.Json;

namespace NanoKvm.Mcp.Audit;

/// <summary>Which line of a call an audit record is.</summary>
internal enum AuditPhase
{
    /// <summary>Written before the tool runs (or instead of it, when the call is refused).</summary>
    Decision,

    /// <summary>Written after the tool ran.</summary>
    Outcome,
}

/// <summary>One line of the audit log about one tool call.</summary>
internal sealed class AuditRecord
{
    public required DateTimeOffset Time { get; init; }

    public required AuditPhase Phase { get; init; }

    /// <summary>Numbers the calls of this process, so a call's decision and outcome lines can be paired.</summary>
    public required long Call { get; init; }

    /// <summary>Who made the call (the policy's <c>grant</c> scope).</summary>
    public required string Grant { get; init; }

    /// <summary>The device the call acts on, by its configured name.</summary>
    public required string Device { get; init; }

    public required string Tool { get; init; }

    /// <summary>Arguments as sent; redacted when written. Decision lines only.</summary>
    public IDictionary<string, JsonElement>? Arguments { get; init; }

    /// <summary>How many times the call counts as each tool's action. Decision lines only.</summary>
    public IReadOnlyDictionary<string, int>? Actions { get; init; }

    /// <summary>allow, approved, deny, rate_limited, invalid, audit_failed, unknown_tool or not_approved:….</summary>
    public required string Decision { get; init; }

    /// <summary>The policy rule that decided (a field path such as <c>tools.nanokvm_click.limits[0]</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>Decision lines: pending (the tool runs next) or refused. Outcome lines: ok or error.</summary>
    public required string Outcome { get; init; }

    public string? Error { get; init; }

    public required double DurationMs { get; init; }
}
