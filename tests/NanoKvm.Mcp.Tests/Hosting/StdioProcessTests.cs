using System.Reflection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Hosting;

/// <summary>The built server as a separate process over stdio, the way MCP clients launch it.</summary>
public sealed class StdioProcessTests
{
    [Fact]
    public async Task BuiltServer_WithEmulator_ListsToolsAndAnswersACall()
    {
        var ct = TestContext.Current.CancellationToken;
        var serverDll = BuiltServer.DllPath();
        var stderr = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "nanokvm-mcp",
            Command = "dotnet",
            Arguments = [serverDll, "--emulator"],
            StandardErrorLines = line =>
            {
                lock (stderr)
                {
                    stderr.Add(line);
                }
            },
        });

        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { DiscoverProbeTimeout = TimeSpan.FromMinutes(1) }, cancellationToken: ct);
        var tools = await client.ListToolsAsync(cancellationToken: ct);
        var info = await client.CallToolAsync("nanokvm_info", cancellationToken: ct);

        Assert.Contains(tools, t => t.Name == "nanokvm_info");
        Assert.Contains(tools, t => t.Name == "nanokvm_list_devices");
        Assert.Equal("nanokvm", client.ServerInfo?.Name);
        Assert.False(info.IsError is true, info.Text());
        Assert.Equal("emulator", info.Structured().GetProperty("device").GetString());
    }
}

/// <summary>Finds the server as its own project built it (its deps.json and copied packages, not the test's).</summary>
internal static class BuiltServer
{
    public static string DllPath()
    {
        var configuration = typeof(BuiltServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NanoKvm.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var dll = Path.Combine(directory.FullName, "src", "NanoKvm.Mcp", "bin", configuration, "net10.0", "NanoKvm.Mcp.dll");
        Assert.True(File.Exists(dll), $"build the server first: {dll} is missing");
        return dll;
    }
}
