using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace NanoKvm.Mcp.Tests.Http;

internal static class HttpCalls
{
    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, Dictionary<string, object?>? arguments = null) =>
        client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken).AsTask();
}
