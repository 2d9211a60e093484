using System.Net;
using System.Text;
using System.Text.Json;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>DNS-rebinding protection, body limits and malformed messages: a clean error, and the server keeps serving.</summary>
public sealed class HttpGuardTests
{
    [Fact]
    public async Task A_browser_origin_not_on_the_list_gets_403_even_with_a_valid_key()
    {
        await using var http = await HttpHarness.StartAsync(allowedOrigins: ["http://localhost:6274"]);

        using var refused = await http.PostAsync(HttpHarness.Initialize, HttpHarness.AliceKey, r => r.Headers.Add("Origin", "http://evil.example"));
        using var allowed = await http.PostAsync(HttpHarness.Initialize, HttpHarness.AliceKey, r => r.Headers.Add("Origin", "http://localhost:6274"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("evil.example", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_host_name_the_server_does_not_answer_to_gets_403()
    {
        await using var http = await HttpHarness.StartAsync();

        using var rebound = await http.PostAsync(HttpHarness.Initialize, HttpHarness.AliceKey, r => r.Headers.Host = "attacker.example:" + http.Endpoint.Port);

        Assert.Equal(HttpStatusCode.Forbidden, rebound.StatusCode);
        Assert.Contains("attacker.example", await rebound.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_gets_413_and_types_nothing()
    {
        await using var http = await HttpHarness.StartAsync(maxBody: 64 * 1024);
        var text = new string('a', 100 * 1024);
        var body = SendText(text);

        using var response = await http.PostAsync(body, HttpHarness.AliceKey);
        var client = await http.ConnectAsync(HttpHarness.AliceKey);
        var after = await client.CallAsync("nanokvm_led_status");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("65536", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(http.Emulator.Host.Keyboard.Reports);
        Assert.NotEqual(true, after.IsError);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_cut_off()
    {
        await using var http = await HttpHarness.StartAsync(maxBody: 16 * 1024);
        var body = SendText(new string('b', 64 * 1024));

        using var response = await http.PostAsync(body, HttpHarness.AliceKey, r =>
        {
            r.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
            r.Content.Headers.ContentType = new("application/json");
            r.Headers.TransferEncodingChunked = true;
        });

        Assert.True((int)response.StatusCode >= 400, $"status {response.StatusCode}");
        Assert.Empty(http.Emulator.Host.Keyboard.Reports);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"nope"}""")]
    public async Task Malformed_json_rpc_gets_an_error_and_the_server_keeps_serving(string body)
    {
        await using var http = await HttpHarness.StartAsync();

        using var response = await http.PostAsync(body, HttpHarness.AliceKey, r => r.Headers.Add("MCP-Protocol-Version", "2025-11-25"));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var client = await http.ConnectAsync(HttpHarness.BobKey);
        var after = await client.CallAsync("nanokvm_led_status");

        Assert.True((int)response.StatusCode >= 400 || text.Contains("\"error\"", StringComparison.Ordinal), $"{response.StatusCode}: {text}");
        Assert.NotEqual(true, after.IsError);
        Assert.Empty(http.Emulator.Host.Keyboard.Reports);
    }

    private static string SendText(string text) =>
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"nanokvm_send_text","arguments":{"text":""" +
        JsonSerializer.Serialize(text) + "}}}";

    [Fact]
    public async Task A_client_that_never_finishes_its_request_does_not_hold_up_others()
    {
        await using var http = await HttpHarness.StartAsync();
        using var slow = new System.Net.Sockets.TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, http.Endpoint.Port, TestContext.Current.CancellationToken);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\""), TestContext.Current.CancellationToken);

        var client = await http.ConnectAsync(HttpHarness.AliceKey);
        var result = await client.CallAsync("nanokvm_led_status");

        Assert.NotEqual(true, result.IsError);
    }

    [Fact]
    public async Task A_hundred_concurrent_clients_are_all_served()
    {
        await using var http = await HttpHarness.StartAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => http.ConnectAsync(i % 2 == 0 ? HttpHarness.AliceKey : HttpHarness.BobKey)));

        var results = await Task.WhenAll(clients.Select(c => c.CallAsync("nanokvm_led_status")));

        Assert.Equal(100, results.Length);
        Assert.All(results, r => Assert.NotEqual(true, r.IsError));
        var audited = http.Audit.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Count(l => l.GetProperty("tool").GetString() == "nanokvm_led_status" && l.GetProperty("outcome").GetString() == "ok");
        Assert.Equal(100, audited);
    }
}
