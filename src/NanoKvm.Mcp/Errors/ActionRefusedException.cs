namespace NanoKvm.Mcp.Errors;

/// <summary>A tool declined to act because acting would likely hit the wrong thing (stale frame, text not found or ambiguous).</summary>
internal sealed class ActionRefusedException(string message) : Exception(message);
