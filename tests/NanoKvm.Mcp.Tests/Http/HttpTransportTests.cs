using System.Net;
using System.Text.Json;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>The same tools over Streamable HTTP, for every protocol generation the C# SDK client speaks.</summary>
public sealed class HttpTransportTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("2026-07-28")]
    [InlineData("2025-11-25")]
    [InlineData("2025-06-18")]
    public async Task Authenticated_client_calls_tools(string? protocolVersion)
    {
        await using var http = await HttpHarness.StartAsync();
        var client = await http.ConnectAsync(HttpHarness.AliceKey, protocolVersion);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var result = await client.CallAsync("nanokvm_led_status");

        Assert.Contains(tools, t => t.Name == "nanokvm_lease");
        Assert.Contains(tools, t => t.Name == "nanokvm_screenshot");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("emulator", result.Structured().GetProperty("device").GetString());
        Assert.Equal(protocolVersion ?? "2026-07-28", client.NegotiatedProtocolVersion);
    }

    [Fact]
    public async Task Calls_are_audited_under_the_keys_name()
    {
        await using var http = await HttpHarness.StartAsync();
        var alice = await http.ConnectAsync(HttpHarness.AliceKey);
        var bob = await http.ConnectAsync(HttpHarness.BobKey, "2025-11-25");

        await alice.CallAsync("nanokvm_led_status");
        await bob.CallAsync("nanokvm_info");

        var lines = http.Audit.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("tool").GetString() == "nanokvm_led_status" && l.GetProperty("grant").GetString() == "alice");
        Assert.Contains(lines, l => l.GetProperty("tool").GetString() == "nanokvm_info" && l.GetProperty("grant").GetString() == "bob");
    }

    [Fact]
    public async Task A_session_cannot_be_used_with_another_key()
    {
        await using var http = await HttpHarness.StartAsync();
        using var initialized = await http.PostAsync(HttpHarness.Initialize, HttpHarness.AliceKey);
        var session = initialized.Headers.GetValues("Mcp-Session-Id").Single();

        using var hijack = await http.PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nanokvm_send_key","arguments":{"key":"a"}}}""",
            HttpHarness.BobKey,
            r =>
            {
                r.Headers.Add("Mcp-Session-Id", session);
                r.Headers.Add("MCP-Protocol-Version", "2025-11-25");
            });

        Assert.Equal(HttpStatusCode.OK, initialized.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, hijack.StatusCode);
        Assert.Empty(http.Emulator.Host.Keyboard.Reports);
    }
}
