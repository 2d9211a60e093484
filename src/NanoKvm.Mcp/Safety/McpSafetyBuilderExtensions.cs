using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Safety;

internal static class McpSafetyBuilderExtensions
{
    /// <summary>
    /// Enforces the policy, read-only mode, approvals and the audit log on every <c>tools/list</c> and
    /// <c>tools/call</c>. Call it before any other request filter so refused calls never reach them. The container must
    /// hold the <see cref="DeviceRegistry"/>: every call's device is canonicalised by its name resolution.
    /// </summary>
    /// <param name="builder">The MCP server.</param>
    /// <param name="options">The safety switches.</param>
    /// <param name="audit">
    /// An audit log the caller opened and will close; when null, the log named by the options is opened here, now, so
    /// a target that cannot be written fails before the server starts.
    /// </param>
    /// <exception cref="AuditUnavailableException">The options name an audit target that cannot be used.</exception>
    public static IMcpServerBuilder WithNanoKvmSafety(this IMcpServerBuilder builder, SafetyOptions options, AuditLog? audit = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        var ownsAudit = audit is null;
        audit ??= OpenAudit(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new PolicyEngine(
            options.Policy,
            options.ReadOnly,
            options.TimeProvider,
            ToolCatalog.From(sp.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection?.Select(t => t.ProtocolTool) ?? [])));
        builder.Services.AddSingleton(sp => new SafetyGate(
            options,
            sp.GetRequiredService<PolicyEngine>(),
            audit,
            ownsAudit,
            sp.GetRequiredService<DeviceRegistry>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("NanoKvm.Mcp.Safety")));
        builder.Services.AddSingleton<IPostConfigureOptions<McpServerOptions>>(new PolicyToolValidation(options.Policy));

        return builder.WithRequestFilters(filters =>
        {
            filters.AddListToolsFilter(next => async (context, cancellationToken) =>
                Gate(context).FilterList(await next(context, cancellationToken)));
            filters.AddCallToolFilter(next => (context, cancellationToken) =>
                Gate(context).CallAsync(context, next, cancellationToken));
        });
    }

    /// <summary>Opens the audit log the options name (writing its start line), or null when they name none.</summary>
    /// <exception cref="AuditUnavailableException">The target is stdout, or cannot be opened or written.</exception>
    public static AuditLog? OpenAudit(SafetyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AuditWriter is { } writer)
        {
            return new AuditLog(writer, options.AuditFullText);
        }

        return options.AuditTarget is { } target
            ? AuditLog.Open(
                target,
                options.AuditFullText,
                new AuditStart(options.TimeProvider.GetUtcNow(), $"{ServerIdentity.Name} {ServerIdentity.Version}", options.Policy.Source, options.ReadOnly))
            : null;
    }

    private static SafetyGate Gate(MessageContext context) =>
        (context.Services ?? context.Server.Services ?? throw new InvalidOperationException("The MCP server has no service provider."))
            .GetRequiredService<SafetyGate>();
}
