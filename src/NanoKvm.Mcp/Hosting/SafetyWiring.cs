using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Hosting;

/// <summary>
/// Puts the safety module (policy, read-only mode, approvals, audit) in front of every tool call, and makes every
/// safety problem a start-up error with one clear line (exit code 2) before the server speaks.
/// </summary>
internal static class SafetyWiring
{
    /// <summary>Opens and test-writes the audit log the settings name, or returns null when they name none.</summary>
    /// <exception cref="ConfigurationException">The target is stdout, or cannot be opened or written.</exception>
    public static AuditLog? OpenAudit(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return McpSafetyBuilderExtensions.OpenAudit(settings.Safety);
        }
        catch (AuditUnavailableException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
    }

    /// <summary>Checks the policy against the tools this server offers (the same registration the server uses).</summary>
    /// <exception cref="ConfigurationException">The policy names a tool, argument or value the server does not have.</exception>
    public static void CheckPolicy(ServerSettings settings, DeviceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(registry);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNanoKvmMcpServer(registry);
        using var provider = services.BuildServiceProvider();
        var tools = provider.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection?.Select(t => t.ProtocolTool).ToList() ?? [];
        try
        {
            PolicyToolValidator.Validate(settings.Safety.Policy, tools);
        }
        catch (PolicyFormatException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
    }

    /// <summary>Wires the safety module with an audit log the caller opened (see <see cref="OpenAudit"/>) and closes.</summary>
    public static void Apply(IMcpServerBuilder builder, ServerSettings settings, AuditLog? audit)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.WithNanoKvmSafety(settings.Safety, audit);
    }

    /// <summary>Wires the safety module, opening the audit log the settings name now.</summary>
    /// <exception cref="ConfigurationException">The audit target is stdout, or cannot be opened or written.</exception>
    public static void Apply(IMcpServerBuilder builder, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            builder.WithNanoKvmSafety(settings.Safety);
        }
        catch (AuditUnavailableException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
    }
}
