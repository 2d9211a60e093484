namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>How an approval request ended. Only <see cref="Approved"/> lets the call run.</summary>
internal enum ApprovalStatus
{
    Approved,
    Declined,
    Cancelled,
    Unsupported,
    Failed,

    /// <summary>The call holds values too long to show, and the policy does not allow approving them; nobody was asked.</summary>
    TooLong,
}

/// <param name="Status">How the request ended.</param>
/// <param name="Explanation">Why the call does not run (empty when approved).</param>
internal sealed record ApprovalOutcome(ApprovalStatus Status, string Explanation)
{
    /// <summary>The audit log's name for the outcome: <c>approved</c> or <c>not_approved:…</c>.</summary>
    public string AuditName => Status switch
    {
        ApprovalStatus.Approved => "approved",
        ApprovalStatus.TooLong => "not_approved:too_long",
        _ => "not_approved:" + Status.ToString().ToLowerInvariant(),
    };
}
