using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Hosting;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Hosting;

/// <summary>The safety module in front of the real tools: it relies on their annotations being right.</summary>
public sealed class SafetyWiringTests
{
    [Fact]
    public async Task ReadOnlyMode_OffersOnlyReadOnlyTools_AndRefusesOthers_WithoutTouchingTheDevice()
    {
        string[] args = ["--emulator", "--read-only"];
        var settings = SettingsLoader.Load(CommandLineParser.Parse(args), _ => null, args);
        await using var mcp = await McpHarness.StartAsync(outermost: builder => SafetyWiring.Apply(builder, settings));

        var tools = await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var refused = await mcp.CallAsync("nanokvm_power", new { action = "power" });

        Assert.Contains(tools, t => t.Name == "nanokvm_screenshot");
        Assert.Contains(tools, t => t.Name == "nanokvm_info");
        Assert.DoesNotContain(tools, t => t.Name == "nanokvm_power");
        Assert.DoesNotContain(tools, t => t.Name == "nanokvm_mount_iso");
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint, t.Name));
        Assert.True(refused.IsError is true);
        Assert.Empty(mcp.Emulator.Host.Power.Presses);
        Assert.False((await mcp.CallAsync("nanokvm_info")).IsError is true);
    }

    [Fact]
    public async Task Audit_RecordsCallsWithTheDeviceUsed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nanokvm-audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            string[] args = ["--emulator", "--audit", path];
            var settings = SettingsLoader.Load(CommandLineParser.Parse(args), _ => null, args);
            await using (var mcp = await McpHarness.StartAsync(outermost: builder => SafetyWiring.Apply(builder, settings)))
            {
                await mcp.CallAsync("nanokvm_info");
            }

            var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            Assert.Contains("nanokvm_info", text, StringComparison.Ordinal);
            Assert.Contains("emulator", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
