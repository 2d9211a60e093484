using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Tests.Safety;

internal static class SafetyTestHelpers
{
    public static SafetyOptions Options(string? policyJson = null, ManualTimeProvider? clock = null, bool readOnly = false, TextWriter? audit = null, bool fullText = false) => new()
    {
        Policy = policyJson is null ? SafetyPolicy.AllowAll : PolicyLoader.Parse(policyJson, "test.json"),
        ReadOnly = readOnly,
        TimeProvider = clock ?? new ManualTimeProvider(),
        AuditWriter = audit,
        AuditFullText = fullText,
    };

    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null)
    {
        var dictionary = arguments is null
            ? null
            : arguments.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(arguments));
        return client.CallToolAsync(tool, dictionary, cancellationToken: TestContext.Current.CancellationToken).AsTask();
    }

    /// <summary>IsError is null on success; Assert.False(null) would fail.</summary>
    public static void AssertOk(this CallToolResult result) => Assert.True(result.IsError is null or false, result.Text());

    public static void AssertRefused(this CallToolResult result, string expectedText)
    {
        Assert.True(result.IsError, result.Text());
        Assert.Contains(expectedText, result.Text(), StringComparison.Ordinal);
    }

    public static string Text(this CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    public static async Task<IReadOnlyList<string>> ToolNamesAsync(this McpClient client) =>
        [.. (await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Select(t => t.Name).Order(StringComparer.Ordinal)];
}
