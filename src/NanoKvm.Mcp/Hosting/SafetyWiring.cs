using Microsoft.Extensions.DependencyInjection;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;

namespace NanoKvm.Mcp.Hosting;

/// <summary>
/// Connects <c>--policy</c>, <c>--read-only</c> and <c>--audit</c> to the safety module. Until that module is part
/// of the build, asking for any of them stops start-up: silently ignoring a safety option would be worse.
/// </summary>
internal static class SafetyWiring
{
    public static void EnsureSupported(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.PolicyFile is not null || settings.ReadOnly || settings.Audit is not null)
        {
            throw new ConfigurationException(
                "--policy, --read-only and --audit need the safety module, which is not in this build yet; start without them.");
        }
    }

    public static void Apply(IMcpServerBuilder builder, ServerSettings settings, DeviceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(registry);
    }
}
