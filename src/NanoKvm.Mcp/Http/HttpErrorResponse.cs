using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace NanoKvm.Mcp.Http;

/// <summary>
/// A refusal before the MCP layer: an HTTP status with a JSON-RPC error body (id null, as for a request that was
/// never read), so MCP clients can show the message instead of a bare status.
/// </summary>
internal static class HttpErrorResponse
{
    /// <summary>JSON-RPC server-error codes for refusals the transport makes before any request is read.</summary>
    public const int Unauthorized = -32001;
    public const int Forbidden = -32003;
    public const int TooLarge = -32004;

    public static Task WriteAsync(HttpContext context, int status, int code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        };
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
