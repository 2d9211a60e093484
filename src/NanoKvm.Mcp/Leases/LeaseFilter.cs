using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Policy.Actions;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Leases;

/// <summary>
/// Every call of a tool that is not read-only holds the lease of its device while it runs. A call that finds another
/// client's lease throws <see cref="LeaseConflictException"/> before it acts (the safety gate turns that into a
/// refusal that takes no rate-limit slot); a call whose lease is taken over meanwhile is cancelled, which releases
/// whatever it held.
/// </summary>
internal static class LeaseFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is not McpServerTool tool ||
                tool.ProtocolTool.Annotations?.ReadOnlyHint == true ||
                tool.ProtocolTool.Name == ToolNames.Lease)
            {
                return await next(context, cancellationToken);
            }

            var services = context.Services ?? context.Server.Services ?? throw new InvalidOperationException("The MCP server has no service provider.");
            KvmDevice device;
            try
            {
                device = services.GetRequiredService<DeviceRegistry>().Resolve(DeviceArgument(context.Params?.Arguments));
            }
            catch (UnknownDeviceException)
            {
                // The tool reports the unknown device itself; nothing reaches a device.
                return await next(context, cancellationToken);
            }

            var holder = Holder(context);
            using var use = await services.GetRequiredService<LeaseManager>().EnterAsync(device.Name, holder);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, use.TakenOver);
            return await next(context, linked.Token);
        };

    /// <summary>Who holds a lease: the same identity the policy's <c>grant</c> scope counts.</summary>
    public static string Holder(MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.Services ?? context.Server.Services;
        return (services?.GetService<SafetyOptions>()?.Grant ?? CallerGrant.Of)(context);
    }

    private static string? DeviceArgument(IDictionary<string, JsonElement>? arguments) =>
        arguments is not null && arguments.TryGetValue("device", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
