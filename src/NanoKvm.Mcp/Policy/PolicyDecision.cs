using NanoKvm.Mcp.Policy.Actions;

namespace NanoKvm.Mcp.Policy;

internal enum DecisionKind
{
    Allow,
    Deny,
    RateLimited,
    NeedsApproval,

    /// <summary>The arguments do not say what would be done; refused before any slot is taken, like a schema error.</summary>
    Invalid,
}

/// <summary>What the policy says about one call, and why.</summary>
internal sealed class PolicyDecision
{
    public required DecisionKind Kind { get; init; }

    /// <summary>The rule that decided, as a policy field path (<c>tools.nanokvm_power.action</c>, <c>default</c>, <c>--read-only</c>).</summary>
    public required string Rule { get; init; }

    /// <summary>Human-readable explanation, suitable for the tool error text.</summary>
    public required string Message { get; init; }

    /// <summary>The policy's own <c>reason</c> text, when it gave one.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="DecisionKind.RateLimited"/>: the full counter.</summary>
    public string? Counter { get; init; }

    /// <summary>For <see cref="DecisionKind.RateLimited"/>: how long until the counter has room for the call.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <see cref="DecisionKind.RateLimited"/>: when the counter has room for the call.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>For admitted calls: the rate-limit slots taken; release them if the call does not run after all.</summary>
    public LimitReservation? Reservation { get; init; }

    /// <summary>What the call does, when it could be read.</summary>
    public ActionPlan? Plan { get; init; }

    /// <summary>For <see cref="DecisionKind.NeedsApproval"/>: the entries that ask for approval, in the order first met.</summary>
    public IReadOnlyList<ToolPolicy> Approvers { get; init; } = [];

    /// <summary>For <see cref="DecisionKind.Invalid"/>: what is wrong with the arguments.</summary>
    public ArgumentException? Error { get; init; }
}
