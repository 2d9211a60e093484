using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Leases;
using NanoKvm.Mcp.Tools;
using NanoKvm.Mcp.Validation;

namespace NanoKvm.Mcp.Hosting;

/// <summary>
/// Registers the MCP server, its tools and error handling over a <see cref="DeviceRegistry"/>. The caller adds
/// the transport (stdio for the real server, in-memory streams for one-shot mode and tests), so every path runs
/// the same pipeline.
/// </summary>
internal static class McpServerSetup
{
    /// <param name="services">The container.</param>
    /// <param name="registry">The devices.</param>
    /// <param name="outermost">Registers filters that must see every call first (the safety policy and audit).</param>
    public static IMcpServerBuilder AddNanoKvmMcpServer(this IServiceCollection services, DeviceRegistry registry, Action<IMcpServerBuilder>? outermost = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        services.AddSingleton(registry);
        var builder = services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation
                {
                    Name = ServerIdentity.Name,
                    Title = ServerIdentity.Title,
                    Version = ServerIdentity.Version,
                };
                options.ServerInstructions = ServerInstructions.Text;
            });
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(Telemetry.ToolCallTelemetry.Wrap));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetService<LeaseOptions>() ?? new LeaseOptions();
            return new LeaseManager(options.IdleTimeout, registry, options.TimeProvider, (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("NanoKvm.Mcp.Leases"));
        });
        outermost?.Invoke(builder);
        return builder
            .WithMessageFilters(filters => filters.AddIncomingFilter(UnpairedSurrogateFilter.Wrap))
            .WithRequestFilters(filters => filters
                .AddCallToolFilter(LeaseFilter.Wrap)
                .AddCallToolFilter(ToolErrorFilter.Wrap)
                .AddCallToolFilter(ArgumentValidationFilter.Wrap))
            .WithNanoKvmTools();
    }

    /// <summary>
    /// Every tool class; add a class here when its SDK capability lands. All go through <see cref="Tools{T}"/> so
    /// that their results follow <see cref="ToolJson"/>'s rule (every field present, null when it does not apply).
    /// </summary>
    private static IMcpServerBuilder WithNanoKvmTools(this IMcpServerBuilder builder) => builder
        .Tools<DeviceTools>()
        .Tools<PowerTools>()
        .Tools<MediaTools>()
        .Tools<ScreenTools>()
        .Tools<TextTools>()
        .Tools<KeyboardTools>()
        .Tools<MouseTools>()
        .Tools<BatchTools>()
        .Tools<HidTools>()
        .Tools<LeaseTools>();

    private static IMcpServerBuilder Tools<T>(this IMcpServerBuilder builder)
        where T : class => builder.WithTools<T>(ToolJson.Options);
}
