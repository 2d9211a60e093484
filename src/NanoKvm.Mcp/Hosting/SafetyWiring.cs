using Microsoft.Extensions.DependencyInjection;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Hosting;

/// <summary>Puts the safety module (policy, read-only mode, approvals, audit) in front of every tool call.</summary>
internal static class SafetyWiring
{
    public static void Apply(IMcpServerBuilder builder, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.WithNanoKvmSafety(settings.Safety);
    }
}
