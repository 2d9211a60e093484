namespace NanoKvm.Mcp.Audit;

/// <summary>The audit target cannot be used (unwritable, or the MCP protocol's stdout); the server must not start.</summary>
internal sealed class AuditUnavailableException : Exception
{
    public AuditUnavailableException()
    {
    }

    public AuditUnavailableException(string message)
        : base(message)
    {
    }

    public AuditUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
