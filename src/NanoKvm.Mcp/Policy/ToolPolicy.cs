namespace NanoKvm.Mcp.Policy;

/// <summary>The policy entry of one tool (<c>tools.&lt;name&gt;</c>).</summary>
internal sealed class ToolPolicy
{
    public required string ToolName { get; init; }

    /// <summary>An entry without <c>action</c> allows the tool: listing a tool under a default-deny policy opts it in.</summary>
    public PolicyAction Action { get; init; } = PolicyAction.Allow;

    public string? Reason { get; init; }

    /// <summary>
    /// With <see cref="PolicyAction.Approve"/>: a human may approve calls whose values are too long to review
    /// comfortably (they are still shown in full). Without it such calls are refused rather than shown cut short.
    /// </summary>
    public bool ApproveLongValues { get; init; }

    public IReadOnlyList<RateLimitRule> Limits { get; init; } = [];

    public IReadOnlyList<ArgumentRule> Arguments { get; init; } = [];
}
