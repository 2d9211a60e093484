using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Safety;

/// <summary>
/// Who a call counts against (the policy's <c>grant</c> scope): the authenticated principal's name when the transport
/// authenticated one (an HTTP API key, say), else the MCP session, else the single stdio connection, which serves
/// exactly one client per process.
/// </summary>
internal static class CallerGrant
{
    public const string Stdio = "stdio";

    public static string Of(MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return name;
        }

        return context.Server.SessionId ?? Stdio;
    }
}
