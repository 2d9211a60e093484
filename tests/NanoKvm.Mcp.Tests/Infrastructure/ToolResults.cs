using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace NanoKvm.Mcp.Tests.Infrastructure;

/// <summary>Reads tool results in assertions.</summary>
public static class ToolResults
{
    public static string Text(this CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>The structured content, asserting the call succeeded.</summary>
    public static JsonElement Structured(this CallToolResult result)
    {
        Assert.False(result.IsError is true, result.Text());
        Assert.NotNull(result.StructuredContent);
        return result.StructuredContent.Value;
    }

    /// <summary>The error text, asserting the call failed as a tool error.</summary>
    public static string ErrorText(this CallToolResult result)
    {
        Assert.True(result.IsError is true, "expected a tool error, got: " + result.Text());
        return result.Text();
    }
}
