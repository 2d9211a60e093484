namespace NanoKvm.Mcp.Policy;

internal enum DecisionKind
{
    Allow,
    Deny,
    RateLimited,
    NeedsApproval,
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

    /// <summary>For <see cref="DecisionKind.RateLimited"/>: how long until a slot frees up.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <see cref="DecisionKind.RateLimited"/>: when a slot frees up.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>For admitted calls: the rate-limit slots taken; release them if the call does not run after all.</summary>
    public LimitReservation? Reservation { get; init; }
}
