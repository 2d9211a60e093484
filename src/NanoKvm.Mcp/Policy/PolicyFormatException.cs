namespace NanoKvm.Mcp.Policy;

/// <summary>A policy file that cannot be used as written. The message names the offending field path.</summary>
internal sealed class PolicyFormatException : Exception
{
    public PolicyFormatException()
    {
    }

    public PolicyFormatException(string message)
        : base(message)
    {
    }

    public PolicyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PolicyFormatException(string source, string fieldPath, string problem)
        : base($"Invalid policy {source}: {fieldPath}: {problem}")
    {
        FieldPath = fieldPath;
    }

    /// <summary>The JSON path of the offending field, e.g. <c>tools.nanokvm_click.limits[0].window</c>.</summary>
    public string? FieldPath { get; }
}
