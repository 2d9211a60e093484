namespace NanoKvm.Mcp.Audit;

/// <summary>An audit line could not be written. Before a tool runs, this refuses the call.</summary>
internal sealed class AuditWriteException : Exception
{
    public AuditWriteException()
    {
    }

    public AuditWriteException(string message)
        : base(message)
    {
    }

    public AuditWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
