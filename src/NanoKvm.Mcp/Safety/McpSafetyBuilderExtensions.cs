using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Safety;

internal static class McpSafetyBuilderExtensions
{
    /// <summary>
    /// Enforces the policy, read-only mode, approvals and the audit log on every <c>tools/list</c> and
    /// <c>tools/call</c>. Call it before any other request filter so refused calls never reach them.
    /// </summary>
    public static IMcpServerBuilder WithNanoKvmSafety(this IMcpServerBuilder builder, SafetyOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new PolicyEngine(options.Policy, options.ReadOnly, options.TimeProvider));
        builder.Services.AddSingleton(sp => new SafetyGate(options, sp.GetRequiredService<PolicyEngine>(), CreateAudit(options)));
        builder.Services.AddSingleton<IPostConfigureOptions<McpServerOptions>>(new PolicyToolValidation(options.Policy));

        return builder.WithRequestFilters(filters =>
        {
            filters.AddListToolsFilter(next => async (context, cancellationToken) =>
                Gate(context).FilterList(await next(context, cancellationToken)));
            filters.AddCallToolFilter(next => (context, cancellationToken) =>
                Gate(context).CallAsync(context, next, cancellationToken));
        });
    }

    private static SafetyGate Gate(MessageContext context) =>
        (context.Services ?? context.Server.Services ?? throw new InvalidOperationException("The MCP server has no service provider."))
            .GetRequiredService<SafetyGate>();

    private static AuditLog? CreateAudit(SafetyOptions options)
    {
        if (options.AuditWriter is { } writer)
        {
            return new AuditLog(writer, options.AuditFullText);
        }

        return options.AuditTarget is { } target ? AuditLog.Open(target, options.AuditFullText) : null;
    }
}
