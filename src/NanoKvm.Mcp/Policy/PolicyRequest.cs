using System.Text.Json;

namespace NanoKvm.Mcp.Policy;

/// <summary>One tool call as the policy sees it.</summary>
/// <param name="ToolName">The tool being called.</param>
/// <param name="Device">Device name the call targets (its <c>device</c> argument or the default device).</param>
/// <param name="Grant">Identity of the client connection the call arrived on (scope <c>grant</c>).</param>
/// <param name="Arguments">The call's arguments as sent.</param>
/// <param name="ToolIsReadOnly">True when the tool is annotated read-only (it changes neither target nor device).</param>
internal sealed record PolicyRequest(
    string ToolName,
    string Device,
    string Grant,
    IDictionary<string, JsonElement>? Arguments,
    bool ToolIsReadOnly);
