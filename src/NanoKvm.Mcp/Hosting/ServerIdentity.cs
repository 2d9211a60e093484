using System.Reflection;

namespace NanoKvm.Mcp.Hosting;

/// <summary>The name and version this server reports to MCP clients.</summary>
internal static class ServerIdentity
{
    public const string Name = "nanokvm";

    public const string Title = "NanoKVM";

    public static string Version { get; } =
        typeof(ServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ServerIdentity).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
