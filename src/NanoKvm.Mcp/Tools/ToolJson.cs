using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace NanoKvm.Mcp.Tools;

/// <summary>
/// JSON settings for tool results: snake_case names (matching the argument names), and every field written, null
/// included.
/// </summary>
/// <remarks>
/// The output schema generated from a result record lists every property as required and a nullable one as
/// <c>["type", "null"]</c>. The SDK's default options leave nulls out, which clients that validate results (the
/// TypeScript SDK's <c>Client.callTool</c>) reject as a missing required field. Writing nulls keeps the document
/// and its schema in agreement for every tool that is registered with these options or serializes with them.
/// </remarks>
internal static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
