namespace NanoKvm.Mcp.Policy.Actions;

/// <summary>A tool the action table does not describe: the policy cannot tell what it does, so it is refused.</summary>
internal sealed class UnmappedToolException : Exception
{
    public UnmappedToolException()
    {
    }

    public UnmappedToolException(string tool)
        : base($"'{tool}' has no entry in the server's action table, so the safety policy cannot tell what it does; it is refused.")
    {
        Tool = tool;
    }

    public UnmappedToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Tool { get; }
}
