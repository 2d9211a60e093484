using System.Text.Json;
using ModelContextProtocol;

namespace NanoKvm.Mcp.Tools;

/// <summary>JSON settings for tool results: snake_case names, matching the snake_case argument names.</summary>
internal static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
