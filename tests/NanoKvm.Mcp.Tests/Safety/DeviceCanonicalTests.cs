using System.Text.Json;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>
/// Issue 13, case 2: a call's device is canonicalised exactly as it is resolved (trimmed, case-insensitive), so every
/// spelling of one device shares one budget and one name in the audit log.
/// </summary>
public sealed class DeviceCanonicalTests
{
    private const string ThreeMovesPerDevice = """
        {"version":"1","default":"allow","tools":{
          "nanokvm_move":{"limits":[{"counter":"hid","window":"minute","max":3,"scope":"device"}]}}}
        """;

    [Fact]
    public async Task Every_spelling_of_a_device_and_the_default_share_one_budget_and_one_audit_name()
    {
        var audit = new StringWriter();
        await using var mcp = await SafetyHarness.StartAsync(ThreeMovesPerDevice, audit: audit);

        (await mcp.CallAsync("nanokvm_move", new { x = 0.1, y = 0.1, normalized = true, device = "EMULATOR" })).AssertOk();
        (await mcp.CallAsync("nanokvm_move", new { x = 0.2, y = 0.2, normalized = true, device = "Emulator" })).AssertOk();
        (await mcp.CallAsync("nanokvm_move", new { x = 0.3, y = 0.3, normalized = true, device = " emulator " })).AssertOk();

        (await mcp.CallAsync("nanokvm_move", new { x = 0.4, y = 0.4, normalized = true, device = "emulator" })).AssertRefused("rate limit 'hid'");
        (await mcp.CallAsync("nanokvm_move", new { x = 0.4, y = 0.4, normalized = true })).AssertRefused("rate limit 'hid'");
        (await mcp.CallAsync("nanokvm_move", new { x = 0.4, y = 0.4, normalized = true, device = "\temulator" })).AssertRefused("rate limit 'hid'");
        await mcp.FenceAsync();
        Assert.Equal(0.3, mcp.Emulator.Host.Mouse.X, 2);

        var devices = audit.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("device").GetString())
            .Distinct();
        Assert.Equal(["emulator"], devices);
    }

    [Fact]
    public async Task An_unknown_device_is_rejected_before_it_can_take_a_slot()
    {
        await using var mcp = await SafetyHarness.StartAsync(ThreeMovesPerDevice.Replace("\"device\"", "\"grant\"", StringComparison.Ordinal));

        for (var i = 0; i < 3; i++)
        {
            (await mcp.CallAsync("nanokvm_move", new { x = 0.5, y = 0.5, normalized = true, device = "lab" })).AssertRefused("Unknown device 'lab'");
        }

        for (var i = 0; i < 3; i++)
        {
            (await mcp.CallAsync("nanokvm_move", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        }
    }
}
