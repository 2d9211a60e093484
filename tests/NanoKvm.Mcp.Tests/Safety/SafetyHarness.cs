using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>The real server and tools, on an emulator, behind the safety layer with a given policy.</summary>
internal static class SafetyHarness
{
    public static Task<McpHarness> StartAsync(string policyJson, ManualTimeProvider? clock = null, TextWriter? audit = null) =>
        StartAsync(new SafetyOptions
        {
            Policy = PolicyLoader.Parse(policyJson, "test.json"),
            TimeProvider = clock ?? new ManualTimeProvider(),
            AuditWriter = audit,
        });

    public static Task<McpHarness> StartWithFileAsync(string policyFile, ManualTimeProvider? clock = null) =>
        StartAsync(new SafetyOptions { Policy = PolicyLoader.LoadFile(ShippedPolicy(policyFile)), TimeProvider = clock ?? new ManualTimeProvider() });

    public static Task<McpHarness> StartAsync(SafetyOptions options) =>
        McpHarness.StartAsync(outermost: builder => builder.WithNanoKvmSafety(options));

    public static string ShippedPolicy(string file) => Path.Combine(PolicyLoaderTests.RepositoryRoot(), "docs", "policies", file);

    /// <summary>
    /// Waits until everything sent before has reached the emulated target: HID reports arrive in order, so once a
    /// scroll sent now (by the device's client, past the safety layer) has arrived, so has every click before it.
    /// </summary>
    public static async Task FenceAsync(this McpHarness mcp)
    {
        var before = mcp.Emulator.Host.Mouse.WheelTotal;
        await mcp.Registry.Default.Client.Mouse.ScrollAsync(1, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.WheelTotal != before), "the fence scroll never arrived");
    }
}
