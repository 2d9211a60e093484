using System.Text.Json;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class DeviceToolsTests
{
    [Fact]
    public async Task Info_ReportsFirmwareAndAddresses_WithoutTheDeviceKey()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.V2_4);

        var result = await mcp.CallAsync("nanokvm_info");

        var info = result.Structured();
        Assert.Equal("emulator", info.GetProperty("device").GetString());
        Assert.Equal("2.4.3", info.GetProperty("firmware").GetString());
        Assert.Equal("v1.4.1", info.GetProperty("image").GetString());
        Assert.Equal("eth0", info.GetProperty("addresses")[0].GetProperty("interface").GetString());
        Assert.DoesNotContain(mcp.Emulator.DeviceKey, result.Text(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(mcp.Emulator.DeviceKey, info.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("device_key", info.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListDevices_WithoutProbe_ReadsOnlyConfiguration()
    {
        await using var mcp = await McpHarness.StartAsync(extraDevices: [new DeviceDefinitionSpec("lab2", new Uri("http://127.0.0.1:9/"))]);

        var list = (await mcp.CallAsync("nanokvm_list_devices")).Structured();

        Assert.Equal("emulator", list.GetProperty("default_device").GetString());
        var devices = list.GetProperty("devices");
        Assert.Equal(2, devices.GetArrayLength());
        Assert.True(devices[0].GetProperty("is_default").GetBoolean());
        Assert.True(devices[0].GetProperty("is_emulator").GetBoolean());
        Assert.Equal("lab2", devices[1].GetProperty("name").GetString());
        Assert.False(devices[1].GetProperty("is_default").GetBoolean());
        Assert.Equal(0, mcp.Emulator.Requests.Count());
    }

    [Fact]
    public async Task ListDevices_FirmwareBecomesKnownAfterInfo()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.V2_5_0);
        var before = (await mcp.CallAsync("nanokvm_list_devices")).Structured();
        Assert.Equal(JsonValueKind.Null, before.GetProperty("devices")[0].GetProperty("firmware").ValueKind);

        await mcp.CallAsync("nanokvm_info");
        var after = (await mcp.CallAsync("nanokvm_list_devices")).Structured();

        Assert.Equal("2.5.0", after.GetProperty("devices")[0].GetProperty("firmware").GetString());
    }

    [Fact]
    public async Task ListDevices_Probe_ReportsReachableAndUnreachableDevices()
    {
        await using var mcp = await McpHarness.StartAsync(extraDevices: [new DeviceDefinitionSpec("gone", new Uri("http://127.0.0.1:9/"))]);

        var devices = (await mcp.CallAsync("nanokvm_list_devices", new { probe = true })).Structured().GetProperty("devices");

        Assert.True(devices[0].GetProperty("reachable").GetBoolean());
        Assert.Equal("2.5.1", devices[0].GetProperty("firmware").GetString());
        Assert.False(devices[1].GetProperty("reachable").GetBoolean());
        Assert.Contains("gone", devices[1].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_OnNamedDevice_UsesThatDevice()
    {
        await using var mcp = await McpHarness.StartAsync(extraDevices: [new DeviceDefinitionSpec("gone", new Uri("http://127.0.0.1:9/"))]);

        var ok = await mcp.CallAsync("nanokvm_info", new { device = "EMULATOR" });
        var failed = await mcp.CallAsync("nanokvm_info", new { device = "gone" });

        Assert.Equal("emulator", ok.Structured().GetProperty("device").GetString());
        Assert.Contains("device 'gone'", failed.ErrorText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hardware_ReportsTheGeneration()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: o => o.Hardware = "Alpha");

        var result = (await mcp.CallAsync("nanokvm_hardware")).Structured();

        Assert.Equal("Alpha", result.GetProperty("version").GetString());
        Assert.Equal("alpha", result.GetProperty("generation").GetString());
    }
}
