using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Validation;

/// <summary>
/// Validates every tool call's arguments before it runs: text that is not valid Unicode (found by
/// <see cref="UnpairedSurrogateFilter"/>), then the called tool's input schema.
/// </summary>
internal static class ArgumentValidationFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (context, cancellationToken) =>
        {
            if (UnpairedSurrogateFilter.Recorded(context) is [var first, ..])
            {
                throw new ArgumentException(
                    "Contains an unpaired UTF-16 surrogate (a lone \\uD800-\\uDFFF escape), which is not text; send valid Unicode.",
                    first);
            }

            if (context.MatchedPrimitive is McpServerTool tool)
            {
                // Throws ArgumentException, which the error filter around this one turns into a tool error.
                ArgumentValidator.Validate(tool.ProtocolTool.InputSchema, context.Params?.Arguments);
            }

            return next(context, cancellationToken);
        };
}
