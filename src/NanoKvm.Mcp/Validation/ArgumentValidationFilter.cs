using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Validation;

/// <summary>Validates every tool call's arguments against the called tool's input schema before it runs.</summary>
internal static class ArgumentValidationFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is McpServerTool tool)
            {
                // Throws ArgumentException, which the error filter around this one turns into a tool error.
                ArgumentValidator.Validate(tool.ProtocolTool.InputSchema, context.Params?.Arguments);
            }

            return next(context, cancellationToken);
        };
}
