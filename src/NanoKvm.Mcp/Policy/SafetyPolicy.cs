namespace NanoKvm.Mcp.Policy;

/// <summary>A parsed, validated policy file.</summary>
internal sealed class SafetyPolicy
{
    /// <summary>The policy in force without a policy file: every tool allowed, no limits.</summary>
    public static SafetyPolicy AllowAll { get; } = new() { Default = PolicyAction.Allow, Source = "(no policy file)" };

    /// <summary>Action for tools the file does not mention: <see cref="PolicyAction.Allow"/> or <see cref="PolicyAction.Deny"/>.</summary>
    public PolicyAction Default { get; init; } = PolicyAction.Allow;

    public IReadOnlyDictionary<string, ToolPolicy> Tools { get; init; } = new Dictionary<string, ToolPolicy>(StringComparer.Ordinal);

    /// <summary>Where the policy came from (file path), for messages.</summary>
    public string Source { get; init; } = "(inline)";

    public ToolPolicy? Find(string toolName) => Tools.TryGetValue(toolName, out var tool) ? tool : null;

    /// <summary>The action that applies to a tool: its own entry's action, else the default.</summary>
    public PolicyAction ActionFor(string toolName) => Find(toolName)?.Action ?? Default;
}
