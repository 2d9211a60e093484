using ModelContextProtocol;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class ErrorMappingTests
{
    [Fact]
    public async Task UnknownDevice_IsAToolErrorListingTheKnownNames()
    {
        await using var mcp = await McpHarness.StartAsync(extraDevices: [new DeviceDefinitionSpec("lab2", new Uri("http://127.0.0.1:9/"))]);

        var text = (await mcp.CallAsync("nanokvm_info", new { device = "lab9" })).ErrorText();

        Assert.Contains("Unknown device 'lab9'", text, StringComparison.Ordinal);
        Assert.Contains("emulator, lab2", text, StringComparison.Ordinal);
        Assert.Equal(0, mcp.Emulator.Requests.Count());
    }

    [Fact]
    public async Task DeviceError_CarriesEndpointStatusAndHint_AndTheServerKeepsWorking()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_info");
        mcp.Emulator.Faults.FailNext(1, 500, "/api/vm/info");

        var text = (await mcp.CallAsync("nanokvm_info")).ErrorText();

        Assert.Contains("nanokvm_info failed on device 'emulator'", text, StringComparison.Ordinal);
        Assert.Contains("/api/vm/info", text, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", text, StringComparison.Ordinal);
        Assert.Contains("Hint:", text, StringComparison.Ordinal);
        Assert.False((await mcp.CallAsync("nanokvm_info")).IsError is true);
    }

    [Fact]
    public async Task WrongCredentials_AreAToolErrorThatNamesTheSettings()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulatedDevice: d => d with { Password = "wrong" });

        var text = (await mcp.CallAsync("nanokvm_info")).ErrorText();

        Assert.Contains("NANOKVM_PASS", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangingDevice_IsATimeoutToolError()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulatedDevice: d => d with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        await mcp.CallAsync("nanokvm_info");
        mcp.Emulator.Faults.HangNext(1, "/api/vm/info");

        var text = (await mcp.CallAsync("nanokvm_info")).ErrorText();

        Assert.Contains("did not answer in time", text, StringComparison.Ordinal);
        Assert.False((await mcp.CallAsync("nanokvm_info")).IsError is true);
    }

    [Fact]
    public async Task HangingDevice_DuringProbe_IsReportedUnreachable()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulatedDevice: d => d with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        await mcp.CallAsync("nanokvm_info");
        mcp.Emulator.Faults.HangNext(1, "/api/vm/info");

        var entry = (await mcp.CallAsync("nanokvm_list_devices", new { probe = true })).Structured().GetProperty("devices")[0];

        Assert.False(entry.GetProperty("reachable").GetBoolean());
        Assert.Contains("did not answer in time", entry.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArgumentOfTheWrongType_IsAToolError_AndTheServerSurvives()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = await mcp.CallAsync("nanokvm_list_devices", new { probe = "yes please" });

        Assert.True(result.IsError is true);
        Assert.False((await mcp.CallAsync("nanokvm_list_devices")).IsError is true);
    }

    [Fact]
    public async Task UnknownTool_IsAProtocolError_AndTheServerSurvives()
    {
        await using var mcp = await McpHarness.StartAsync();

        await Assert.ThrowsAsync<McpProtocolException>(() => mcp.CallAsync("nanokvm_does_not_exist"));

        Assert.False((await mcp.CallAsync("nanokvm_list_devices")).IsError is true);
    }
}
