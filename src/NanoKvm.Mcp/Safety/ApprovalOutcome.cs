namespace NanoKvm.Mcp.Safety;

/// <summary>How an approval request ended. Only <see cref="Approved"/> lets the call run.</summary>
internal enum ApprovalStatus
{
    Approved,
    Declined,
    Cancelled,
    Unsupported,
    Failed,
}

/// <param name="Status">How the request ended.</param>
/// <param name="Explanation">Why the call does not run (empty when approved).</param>
internal sealed record ApprovalOutcome(ApprovalStatus Status, string Explanation);
