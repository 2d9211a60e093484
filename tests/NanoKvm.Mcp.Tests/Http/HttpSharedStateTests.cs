using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>One rate-limit store for every client of the process, with the key's name as the <c>grant</c> scope.</summary>
public sealed class HttpSharedStateTests
{
    [Fact]
    public async Task A_global_limit_is_shared_by_two_clients()
    {
        const string policy = """
            {"version":"1","default":"allow","tools":{"nanokvm_led_status":{"action":"allow",
              "limits":[{"counter":"leds","window":"minute","max":1,"scope":"global"}]}}}
            """;
        await using var http = await HttpHarness.StartAsync(policy);
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey, "2025-11-25");

        var first = await alice.CallAsync("nanokvm_led_status");
        var second = await bob.CallAsync("nanokvm_led_status");

        Assert.NotEqual(true, first.IsError);
        Assert.True(second.IsError);
        Assert.Contains("Rate limited", second.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_limit_counts_each_key_on_its_own_across_connections()
    {
        const string policy = """
            {"version":"1","default":"allow","tools":{"nanokvm_led_status":{"action":"allow",
              "limits":[{"counter":"leds","window":"minute","max":1,"scope":"grant"}]}}}
            """;
        await using var http = await HttpHarness.StartAsync(policy);
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var aliceAgain = await http.ConnectAsync(HttpHarness.AliceKey, "2025-11-25");
        var bob = await http.ConnectAsync(HttpHarness.BobKey);

        var aliceFirst = await alice.CallAsync("nanokvm_led_status");
        var aliceSecond = await aliceAgain.CallAsync("nanokvm_led_status");
        var bobFirst = await bob.CallAsync("nanokvm_led_status");

        Assert.NotEqual(true, aliceFirst.IsError);
        Assert.True(aliceSecond.IsError);
        Assert.Contains("scope grant", aliceSecond.Text(), StringComparison.Ordinal);
        Assert.NotEqual(true, bobFirst.IsError);
    }
}
