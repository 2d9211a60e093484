using ModelContextProtocol;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>The filters as an MCP client sees them, over in-memory pipes.</summary>
public sealed class SafetyFilterTests
{
    private const string ClickTenPerMinute = """
        {"version":"1","default":"deny","tools":{
          "nanokvm_screenshot":{},
          "nanokvm_power":{"action":"approve"},
          "nanokvm_power_cycle":{"action":"deny","reason":"never on this host"},
          "nanokvm_click":{"limits":[{"counter":"click_rate","window":"minute","max":10,"scope":"grant"}]}}}
        """;

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task With_the_allow_all_default_every_mapped_tool_is_listed_and_runs_and_an_unmapped_one_is_hidden_and_refused()
    {
        await using var plain = SafetyServer.Start(null);
        await using var plainClient = await plain.ConnectAsync();
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options());
        await using var client = await server.ConnectAsync();

        Assert.Equal((await plainClient.ToolNamesAsync()).Where(t => t != "nanokvm_wifi_join"), await client.ToolNamesAsync());
        (await client.CallAsync("nanokvm_power_cycle", new { off_duration_ms = 100 })).AssertOk();
        Assert.Equal(1, server.Calls["nanokvm_power_cycle"]);

        var unmapped = await client.CallAsync("nanokvm_wifi_join", new { ssid = "lab", password = "pw" });
        unmapped.AssertRefused("no entry in the server's action table");
        Assert.Equal(0, server.Calls["nanokvm_wifi_join"]);
    }

    [Fact]
    public async Task Default_deny_hides_tools_nothing_allows()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ClickTenPerMinute, _clock));
        await using var client = await server.ConnectAsync();

        Assert.Equal(["nanokvm_click", "nanokvm_power", "nanokvm_screenshot"], await client.ToolNamesAsync());
    }

    [Fact]
    public async Task A_denied_call_is_a_tool_error_naming_the_rule_and_the_tool_never_runs()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ClickTenPerMinute, _clock));
        await using var client = await server.ConnectAsync();

        var explicitDeny = await client.CallAsync("nanokvm_power_cycle");
        var defaultDeny = await client.CallAsync("nanokvm_send_text", new { text = "hi" });

        explicitDeny.AssertRefused("rule tools.nanokvm_power_cycle.action");
        explicitDeny.AssertRefused("never on this host");
        Assert.Equal("tools.nanokvm_power_cycle.action", (string?)explicitDeny.Meta!["nanokvm/safety"]!["rule"]);
        defaultDeny.AssertRefused("rule default");
        Assert.Equal(0, server.Calls["nanokvm_power_cycle"]);
        Assert.Equal(0, server.Calls["nanokvm_send_text"]);
    }

    [Fact]
    public async Task The_eleventh_click_in_a_minute_is_refused_with_retry_after_and_allowed_when_the_window_passes()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ClickTenPerMinute, _clock));
        await using var client = await server.ConnectAsync();

        for (var i = 0; i < 10; i++)
        {
            (await client.CallAsync("nanokvm_click", new { x = i, y = i })).AssertOk();
        }

        _clock.Advance(TimeSpan.FromSeconds(45));
        var eleventh = await client.CallAsync("nanokvm_click");
        eleventh.AssertRefused("rate limit 'click_rate' (10 per minute, scope grant) reached; retry after 15 s (at 2026-11-21T12:01:00.000Z)");
        eleventh.AssertRefused("rule tools.nanokvm_click.limits[0]");
        var meta = eleventh.Meta!["nanokvm/safety"]!;
        Assert.Equal("rate_limited", (string?)meta["decision"]);
        Assert.Equal("click_rate", (string?)meta["counter"]);
        Assert.Equal(15.0, (double?)meta["retryAfterSeconds"]);
        Assert.Equal("2026-11-21T12:01:00.000Z", (string?)meta["retryAt"]);
        Assert.Equal(10, server.Calls["nanokvm_click"]);

        _clock.Advance(TimeSpan.FromSeconds(15));
        (await client.CallAsync("nanokvm_click")).AssertOk();
        Assert.Equal(11, server.Calls["nanokvm_click"]);
    }

    [Fact]
    public async Task Fifty_parallel_calls_with_max_ten_let_exactly_ten_through()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ClickTenPerMinute, _clock));
        await using var client = await server.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.CallAsync("nanokvm_click")));

        Assert.Equal(10, results.Count(r => r.IsError is null or false));
        Assert.Equal(40, results.Count(r => r.IsError == true));
        Assert.Equal(10, server.Calls["nanokvm_click"]);
    }

    [Fact]
    public async Task Argument_rules_refuse_before_the_tool_runs()
    {
        const string policy = """
            {"version":"1","default":"allow","tools":{"nanokvm_mount_iso":{"args":{"file":{"paths":["/data/images/"]}}}}}
            """;
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(policy, _clock));
        await using var client = await server.ConnectAsync();

        var refused = await client.CallAsync("nanokvm_mount_iso", new { file = "/data/secret.img" });
        var allowed = await client.CallAsync("nanokvm_mount_iso", new { file = "/data/images/debian.iso" });

        refused.AssertRefused("rule tools.nanokvm_mount_iso.args.file");
        refused.AssertRefused("/data/secret.img");
        allowed.AssertOk();
        Assert.Equal(1, server.Calls["nanokvm_mount_iso"]);
    }

    [Fact]
    public async Task Device_scoped_limits_count_the_device_argument()
    {
        const string policy = """
            {"version":"1","default":"allow","tools":{"nanokvm_power":{"limits":[{"counter":"power","window":"day","max":1,"scope":"device"}]}}}
            """;
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(policy, _clock));
        await using var client = await server.ConnectAsync();

        (await client.CallAsync("nanokvm_power", new { action = "power", device = "lab" })).AssertOk();
        (await client.CallAsync("nanokvm_power", new { action = "power", device = "lab" })).AssertRefused("rate limit 'power'");
        (await client.CallAsync("nanokvm_power", new { action = "power", device = "office" })).AssertOk();
        (await client.CallAsync("nanokvm_power", new { action = "power" })).AssertOk();
    }

    [Fact]
    public async Task Read_only_lists_only_read_only_tools_and_refuses_the_rest()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(readOnly: true));
        await using var client = await server.ConnectAsync();

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(
            ["nanokvm_hdmi_status", "nanokvm_info", "nanokvm_led_status", "nanokvm_list_images", "nanokvm_mounted_image", "nanokvm_screenshot"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint));

        var click = await client.CallAsync("nanokvm_click");
        click.AssertRefused("rule --read-only");
        (await client.CallAsync("nanokvm_screenshot")).AssertOk();
        Assert.Equal(0, server.Calls["nanokvm_click"]);
    }

    [Fact]
    public async Task Read_only_wins_over_a_policy_that_allows_the_tool()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options(ClickTenPerMinute, _clock, readOnly: true));
        await using var client = await server.ConnectAsync();

        Assert.Equal(["nanokvm_screenshot"], await client.ToolNamesAsync());
        (await client.CallAsync("nanokvm_click")).AssertRefused("read-only mode");
    }

    [Fact]
    public async Task Unknown_tools_stay_a_protocol_error()
    {
        await using var server = SafetyServer.Start(SafetyTestHelpers.Options());
        await using var client = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("nanokvm_nope"));

        Assert.Contains("nanokvm_nope", error.Message, StringComparison.Ordinal);
    }
}
