using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Hosting.Telemetry;

/// <summary>
/// One span per tool call (<c>tools/call nanokvm_screenshot</c>) from the <c>NanoKvm.Mcp</c> source, outermost, so it
/// covers the safety policy, validation and the SDK calls below it (whose spans become its children).
/// </summary>
internal static class ToolCallTelemetry
{
    public const string SourceName = "NanoKvm.Mcp";

    public static readonly ActivitySource Source = new(SourceName, ServerIdentity.Version);

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var tool = context.Params?.Name ?? "?";
            using var activity = Source.StartActivity($"tools/call {tool}", ActivityKind.Server);
            if (activity is null)
            {
                return await next(context, cancellationToken);
            }

            activity.SetTag("mcp.method.name", "tools/call");
            activity.SetTag("gen_ai.tool.name", tool);
            if (context.Params?.Arguments is { } arguments && arguments.TryGetValue("device", out var device) && device.ValueKind == JsonValueKind.String)
            {
                activity.SetTag("nanokvm.device", device.GetString());
            }

            try
            {
                var result = await next(context, cancellationToken);
                if (result.IsError == true)
                {
                    // The tool answered with an error result (refused by policy, bad input, device failure).
                    activity.SetTag("error.type", "tool_error");
                    activity.SetStatus(ActivityStatusCode.Error);
                }

                return result;
            }
            catch (Exception e)
            {
                activity.SetTag("error.type", e is McpProtocolException ? "protocol_error" : e.GetType().Name);
                activity.SetStatus(ActivityStatusCode.Error, e.Message);
                throw;
            }
        };
}
