namespace NanoKvm.Mcp.Policy;

/// <summary>What a policy does with a call to a tool before any limit or argument rule is considered.</summary>
internal enum PolicyAction
{
    /// <summary>The call may run (subject to argument rules and limits).</summary>
    Allow,

    /// <summary>The call is refused; the tool is also hidden from <c>tools/list</c>.</summary>
    Deny,

    /// <summary>The call runs only after a human answers "yes" to an elicitation.</summary>
    Approve,
}
