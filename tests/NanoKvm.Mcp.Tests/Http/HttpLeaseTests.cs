using System.Text.Json;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>One client at a time drives a device's input; leases end when idle, on release or by force.</summary>
public sealed class HttpLeaseTests
{
    private static readonly Dictionary<string, object?> KeyA = new() { ["key"] = "a" };

    [Fact]
    public async Task A_second_client_is_refused_with_the_holder_and_expiry_but_may_read()
    {
        await using var http = await HttpHarness.StartAsync();
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey, "2025-11-25");

        var aliceTypes = await alice.CallAsync("nanokvm_send_key", KeyA);
        Assert.True(await Eventually.TrueAsync(() => http.Emulator.Host.Keyboard.Reports.Count >= 2));
        var reportsBefore = http.Emulator.Host.Keyboard.Reports.Count;
        var bobTypes = await bob.CallAsync("nanokvm_send_key", KeyA);
        var bobReads = await bob.CallAsync("nanokvm_keyboard_leds");
        var status = (await bob.CallAsync("nanokvm_lease")).Structured();

        Assert.NotEqual(true, aliceTypes.IsError);
        Assert.True(bobTypes.IsError);
        Assert.Contains("'alice'", bobTypes.Text(), StringComparison.Ordinal);
        Assert.Contains("lease ends at", bobTypes.Text(), StringComparison.Ordinal);
        Assert.Equal("lease_held", bobTypes.Meta!["nanokvm/safety"]!["decision"]!.GetValue<string>());
        Assert.Equal(reportsBefore, http.Emulator.Host.Keyboard.Reports.Count);
        Assert.NotEqual(true, bobReads.IsError);
        Assert.Equal("alice", status.GetProperty("holder").GetString());
        Assert.False(status.GetProperty("you_hold").GetBoolean());
        Assert.Equal(JsonValueKind.String, status.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task A_refused_call_takes_no_rate_limit_slot()
    {
        const string policy = """
            {"version":"1","default":"allow","tools":{"nanokvm_send_key":{"action":"allow",
              "limits":[{"counter":"keys","window":"minute","max":2,"scope":"global"}]}}}
            """;
        await using var http = await HttpHarness.StartAsync(policy);
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey);

        await alice.CallAsync("nanokvm_send_key", KeyA);
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("'alice'", (await bob.CallAsync("nanokvm_send_key", KeyA)).Text(), StringComparison.Ordinal);
        }

        var aliceSecond = await alice.CallAsync("nanokvm_send_key", KeyA);
        Assert.NotEqual(true, aliceSecond.IsError);
    }

    [Fact]
    public async Task Release_hands_the_device_to_the_next_client()
    {
        await using var http = await HttpHarness.StartAsync();
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey);

        await alice.CallAsync("nanokvm_send_key", KeyA);
        var released = (await alice.CallAsync("nanokvm_lease", new() { ["action"] = "release" })).Structured();
        var bobTypes = await bob.CallAsync("nanokvm_send_key", KeyA);
        var aliceNow = await alice.CallAsync("nanokvm_send_key", KeyA);

        Assert.Equal(JsonValueKind.Null, released.GetProperty("holder").ValueKind);
        Assert.NotEqual(true, bobTypes.IsError);
        Assert.True(aliceNow.IsError);
        Assert.Contains("'bob'", aliceNow.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Force_takes_the_lease_over_and_releases_what_the_holder_held()
    {
        await using var http = await HttpHarness.StartAsync();
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey);
        await alice.CallAsync("nanokvm_send_key", KeyA);
        // Alice's process left Shift down (as a crashed client would); the device's own session shows it held.
        await http.Registry.Default.Client.Keyboard.KeyDownAsync("ShiftLeft", TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => !http.Emulator.Host.Keyboard.NothingHeld));

        var without = await bob.CallAsync("nanokvm_lease", new() { ["action"] = "acquire" });
        var with = await bob.CallAsync("nanokvm_lease", new() { ["action"] = "acquire", ["force"] = true });

        Assert.True(without.IsError);
        Assert.Contains("'alice'", without.Text(), StringComparison.Ordinal);
        Assert.NotEqual(true, with.IsError);
        Assert.Equal("bob", with.Structured().GetProperty("holder").GetString());
        Assert.Contains("Took the lease over from 'alice'", with.Structured().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => http.Emulator.Host.Keyboard.NothingHeld));
    }

    [Fact]
    public async Task The_policy_can_forbid_force()
    {
        const string policy = """
            {"version":"1","default":"allow","tools":{"nanokvm_lease":{"action":"allow","args":{"force":{"values":[false]}}}}}
            """;
        await using var http = await HttpHarness.StartAsync(policy);
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey);
        await alice.CallAsync("nanokvm_send_key", KeyA);

        var forced = await bob.CallAsync("nanokvm_lease", new() { ["action"] = "acquire", ["force"] = true });

        Assert.True(forced.IsError);
        Assert.Contains("tools.nanokvm_lease.args.force", forced.Text(), StringComparison.Ordinal);
        Assert.Equal("alice", http.Leases.Current("emulator")?.Holder);
    }

    [Fact]
    public async Task An_idle_lease_expires_and_the_watchdog_releases_held_keys()
    {
        await using var http = await HttpHarness.StartAsync(leaseIdle: TimeSpan.FromMilliseconds(1500));
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey);
        await alice.CallAsync("nanokvm_send_key", KeyA);
        await http.Registry.Default.Client.Keyboard.KeyDownAsync("ControlLeft", TestContext.Current.CancellationToken);
        await http.Registry.Default.Client.Mouse.PressAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => !http.Emulator.Host.Keyboard.NothingHeld));

        Assert.True(await Eventually.TrueAsync(() => http.Leases.Current("emulator") is null), "the lease never expired");
        Assert.True(await Eventually.TrueAsync(() => http.Emulator.Host.Keyboard.NothingHeld), "the watchdog left a key held");
        Assert.True(await Eventually.TrueAsync(() => http.Emulator.Host.Mouse.Buttons == 0), "the watchdog left a button held");
        var bobTypes = await bob.CallAsync("nanokvm_send_key", KeyA);
        Assert.NotEqual(true, bobTypes.IsError);
    }
}
