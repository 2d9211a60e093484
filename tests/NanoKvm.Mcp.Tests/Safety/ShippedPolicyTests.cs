using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>
/// Every promise docs/policy.md makes about the example policies in docs/policies/, checked against the files as
/// shipped: real tools on an emulator where the target must be observed, stand-ins where a human must approve.
/// </summary>
public sealed class ShippedPolicyTests
{
    private const string Gateway = "gateway-equivalent.json";
    private const string Supervised = "supervised.json";
    private const string Lab = "default-deny-lab.json";

    private readonly ManualTimeProvider _clock = new();

    // gateway-equivalent.json

    [Fact]
    public async Task Gateway_everything_but_click_and_mount_is_hidden_and_refused()
    {
        var all = await AllToolNamesAsync();
        await using var mcp = await SafetyHarness.StartWithFileAsync(Gateway, _clock);

        Assert.Equal(["nanokvm_click", "nanokvm_mount_iso"], await ListedAsync(mcp));
        foreach (var tool in all.Except(["nanokvm_click", "nanokvm_mount_iso"]))
        {
            (await mcp.CallAsync(tool)).AssertRefused("rule default");
        }
    }

    [Fact]
    public async Task Gateway_fifty_parallel_clicks_let_exactly_ten_reach_the_target_and_ten_more_a_minute_later()
    {
        await using var mcp = await SafetyHarness.StartWithFileAsync(Gateway, _clock);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })));
        Assert.Equal(10, results.Count(r => r.IsError is not true));
        Assert.All(results.Where(r => r.IsError is true), r => r.AssertRefused("rate limit 'click_rate' (10 per minute, scope grant)"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        await mcp.FenceAsync();
        Assert.Equal(11, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    [Fact]
    public async Task Gateway_name_variants_are_no_tool_and_a_second_device_shares_the_grant_while_mounts_have_their_own_ten()
    {
        await using var server = SafetyServer.Start(new SafetyOptions { Policy = PolicyLoader.LoadFile(SafetyHarness.ShippedPolicy(Gateway)), TimeProvider = _clock });
        await using var client = await server.ConnectAsync();

        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("NANOKVM_CLICK"));
        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("nanokvm_click "));
        for (var i = 0; i < 10; i++)
        {
            (await client.CallAsync("nanokvm_click", new { device = i % 2 == 0 ? "lab" : "OFFICE" })).AssertOk();
        }

        (await client.CallAsync("nanokvm_click", new { device = "office" })).AssertRefused("rate limit 'click_rate'");
        (await client.CallAsync("nanokvm_click")).AssertRefused("rate limit 'click_rate'");
        for (var i = 0; i < 10; i++)
        {
            (await client.CallAsync("nanokvm_mount_iso", new { file = "/data/a.iso" })).AssertOk();
        }

        (await client.CallAsync("nanokvm_mount_iso", new { file = "/data/a.iso" })).AssertRefused("rate limit 'mount_rate'");
        Assert.Equal(10, server.Calls["nanokvm_click"]);
        Assert.Equal(10, server.Calls["nanokvm_mount_iso"]);
    }

    // supervised.json

    [Fact]
    public async Task Supervised_power_needs_approval_and_six_presses_an_hour_per_device_a_power_cycle_being_two()
    {
        await using var server = SafetyServer.Start(new SafetyOptions { Policy = PolicyLoader.LoadFile(SafetyHarness.ShippedPolicy(Supervised)), TimeProvider = _clock });
        var asked = 0;
        await using var client = await server.ConnectAsync((_, _) =>
        {
            Interlocked.Increment(ref asked);
            return ValueTask.FromResult(Yes());
        });

        (await client.CallAsync("nanokvm_power_cycle", new { off_duration_ms = 999 })).AssertRefused("rule tools.nanokvm_power_cycle.args.off_duration_ms");
        (await client.CallAsync("nanokvm_power_cycle", new { off_duration_ms = 30_001 })).AssertRefused("rule tools.nanokvm_power_cycle.args.off_duration_ms");
        (await client.CallAsync("nanokvm_power", new { action = "power_long" })).AssertOk();
        (await client.CallAsync("nanokvm_power", new { action = "reset" })).AssertOk();
        (await client.CallAsync("nanokvm_power_cycle", new { off_duration_ms = 1000 })).AssertOk();
        (await client.CallAsync("nanokvm_power_cycle", new { off_duration_ms = 30_000 })).AssertOk();
        Assert.Equal(4, asked);

        (await client.CallAsync("nanokvm_power", new { action = "power", device = "DEFAULT" })).AssertRefused("rate limit 'power' (6 per hour, scope device)");
        (await client.CallAsync("nanokvm_power", new { action = "power", device = "lab" })).AssertOk();
        _clock.Advance(TimeSpan.FromHours(1));
        (await client.CallAsync("nanokvm_power_cycle")).AssertOk();
        Assert.Equal(3, server.Calls["nanokvm_power"]);
        Assert.Equal(3, server.Calls["nanokvm_power_cycle"]);
    }

    [Fact]
    public async Task Supervised_mounts_only_listed_images_ten_a_minute()
    {
        await using var server = SafetyServer.Start(new SafetyOptions { Policy = PolicyLoader.LoadFile(SafetyHarness.ShippedPolicy(Supervised)), TimeProvider = _clock });
        await using var client = await server.ConnectAsync();

        (await client.CallAsync("nanokvm_mount_iso", new { file = "/data/other/x.iso" })).AssertRefused("rule tools.nanokvm_mount_iso.args.file");
        (await client.CallAsync("nanokvm_mount_iso", new { file = "/data/images/../../etc/shadow" })).AssertRefused("rule tools.nanokvm_mount_iso.args.file");
        (await client.CallAsync("nanokvm_mount_iso", new { file = "debian.iso" })).AssertRefused("rule tools.nanokvm_mount_iso.args.file");
        for (var i = 0; i < 10; i++)
        {
            (await client.CallAsync("nanokvm_mount_iso", new { file = i % 2 == 0 ? "/data/images/sub/a.img" : "/data/debian.iso" })).AssertOk();
        }

        (await client.CallAsync("nanokvm_mount_iso", new { file = "/data/debian.iso" })).AssertRefused("rate limit 'mount_rate'");
    }

    [Fact]
    public async Task Supervised_five_clicks_a_second_and_sixty_a_minute_on_every_clicking_path()
    {
        await using var mcp = await SafetyHarness.StartWithFileAsync(Supervised, _clock);

        for (var second = 0; second < 12; second++)
        {
            // Five clicks a second: a tap, a double-click (two), and a batch of two.
            (await mcp.CallAsync("nanokvm_tap", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
            (await mcp.CallAsync("nanokvm_double_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
            (await mcp.CallAsync("nanokvm_batch", new { actions = new object[] { new { action = "click" }, new { action = "click" } } })).AssertOk();
            // In the last second both limits are full; the refusal names the one that frees up last.
            (await mcp.CallAsync("nanokvm_click_relative")).AssertRefused(second < 11 ? "rate limit 'click_burst' (5 per second, scope grant)" : "rate limit 'click_rate' (60 per minute, scope grant)");
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        (await mcp.CallAsync("nanokvm_batch", new { actions = new object[] { new { action = "click" } } })).AssertRefused("rate limit 'click_rate' (60 per minute, scope grant)");
        (await mcp.CallAsync("nanokvm_double_click", new { x = 0.5, y = 0.5, normalized = true })).AssertRefused("rate limit 'click_rate'");
        await mcp.FenceAsync();
        Assert.Equal(60, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    [Theory]
    [InlineData("nanokvm_send_text", """{"text":"{text}"}""")]
    [InlineData("nanokvm_type_text", """{"text":"{text}"}""")]
    [InlineData("nanokvm_batch", """{"actions":[{"action":"type","text":"{text}"}]}""")]
    public async Task Supervised_at_most_2000_characters_per_typed_text_on_every_typing_path(string tool, string template)
    {
        await using var mcp = await SafetyHarness.StartWithFileAsync(Supervised, _clock);

        var result = await CallJsonAsync(mcp, tool, template.Replace("{text}", new string('a', 2001), StringComparison.Ordinal));

        result.AssertRefused("rule tools.nanokvm_send_text.args.text");
        result.AssertRefused("2001 characters long; the policy allows at most 2000");
        await mcp.FenceAsync();
        Assert.Empty(mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Supervised_thirty_typing_actions_a_minute_per_device_keys_included()
    {
        await using var mcp = await SafetyHarness.StartWithFileAsync(Supervised, _clock);

        (await mcp.CallAsync("nanokvm_send_text", new { text = new string('a', 2000) })).AssertOk();
        for (var i = 0; i < 28; i++)
        {
            (await mcp.CallAsync("nanokvm_send_key", new { key = "b", device = i % 2 == 0 ? "EMULATOR" : "emulator" })).AssertOk();
        }

        (await mcp.CallAsync("nanokvm_press_keys", new { keys = new[] { "c", "c" } })).AssertRefused("rate limit 'typing' (30 per minute, scope device) has no room for the 2 actions");
        (await mcp.CallAsync("nanokvm_batch", new { actions = new object[] { new { action = "type", text = "c" }, new { action = "key", key = "c" } } })).AssertRefused("rate limit 'typing'");
        (await mcp.CallAsync("nanokvm_type_text", new { text = "c" })).AssertOk();
        (await mcp.CallAsync("nanokvm_send_key", new { key = "c" })).AssertRefused("rate limit 'typing'");
        (await mcp.CallAsync("nanokvm_send_text", new { text = "c", device = " Emulator" })).AssertRefused("rate limit 'typing'");

        await mcp.FenceAsync();
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript == new string('a', 2000) + new string('b', 28) + "c"), mcp.Emulator.Host.Keyboard.Transcript.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // default-deny-lab.json

    [Fact]
    public async Task Lab_lists_six_reads_four_hid_tools_mount_unmount_and_power_and_refuses_everything_else()
    {
        var all = await AllToolNamesAsync();
        await using var mcp = await SafetyHarness.StartWithFileAsync(Lab, _clock);
        string[] allowed =
        [
            "nanokvm_click", "nanokvm_hdmi_status", "nanokvm_info", "nanokvm_led_status", "nanokvm_list_images", "nanokvm_mount_iso",
            "nanokvm_mounted_image", "nanokvm_move", "nanokvm_power", "nanokvm_screenshot", "nanokvm_send_key", "nanokvm_send_text",
            "nanokvm_unmount_iso",
        ];

        Assert.Equal(allowed, await ListedAsync(mcp));
        foreach (var tool in all.Except(allowed))
        {
            (await mcp.CallAsync(tool)).AssertRefused("rule default");
        }
    }

    [Fact]
    public async Task Lab_one_hid_budget_of_120_actions_a_minute_per_device_whatever_its_spelling()
    {
        await using var mcp = await SafetyHarness.StartWithFileAsync(Lab, _clock);
        string[] spellings = ["emulator", "EMULATOR", " Emulator", "emulator "];

        for (var i = 0; i < 110; i++)
        {
            (await mcp.CallAsync("nanokvm_move", new { x = 0.5, y = 0.5, normalized = true, device = spellings[i % spellings.Length] })).AssertOk();
        }

        for (var i = 0; i < 5; i++)
        {
            (await mcp.CallAsync("nanokvm_send_key", new { key = "a", device = spellings[i % spellings.Length] })).AssertOk();
            (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        }

        (await mcp.CallAsync("nanokvm_send_text", new { text = "x", device = "EMULATOR" })).AssertRefused("rate limit 'hid' (120 per minute, scope device)");
        (await mcp.CallAsync("nanokvm_move", new { x = 0.5, y = 0.5, normalized = true })).AssertRefused("rate limit 'hid'");
    }

    [Fact]
    public async Task Lab_clicks_also_count_against_ten_a_minute_and_text_is_at_most_500_characters()
    {
        await using var mcp = await SafetyHarness.StartWithFileAsync(Lab, _clock);

        for (var i = 0; i < 10; i++)
        {
            (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        }

        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertRefused("rate limit 'click_rate' (10 per minute, scope grant)");
        (await mcp.CallAsync("nanokvm_send_text", new { text = new string('a', 501) })).AssertRefused("rule tools.nanokvm_send_text.args.text");
        await mcp.FenceAsync();
        Assert.Equal(10, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    [Fact]
    public async Task Lab_mounts_need_approval_and_an_image_under_data_lab_and_power_needs_approval_power_or_reset_twenty_a_day()
    {
        await using var server = SafetyServer.Start(new SafetyOptions { Policy = PolicyLoader.LoadFile(SafetyHarness.ShippedPolicy(Lab)), TimeProvider = _clock });
        var asked = new List<string>();
        await using var client = await server.ConnectAsync((request, _) =>
        {
            asked.Add(request!.Message);
            return ValueTask.FromResult(Yes());
        });

        (await client.CallAsync("nanokvm_mount_iso", new { file = "/data/other.iso" })).AssertRefused("rule tools.nanokvm_mount_iso.args.file");
        (await client.CallAsync("nanokvm_mount_iso", new { file = "/data/lab/rescue/x.iso" })).AssertOk();
        (await client.CallAsync("nanokvm_power", new { action = "power_long" })).AssertRefused("rule tools.nanokvm_power.args.action");
        for (var i = 0; i < 20; i++)
        {
            (await client.CallAsync("nanokvm_power", new { action = i % 2 == 0 ? "power" : "reset" })).AssertOk();
        }

        (await client.CallAsync("nanokvm_power", new { action = "power" })).AssertRefused("rate limit 'power' (20 per day, scope device)");
        (await client.CallAsync("nanokvm_power", new { action = "power", device = "lab" })).AssertOk();
        Assert.Equal(22, asked.Count);
        Assert.Contains("Changes the target's boot media.", asked[0], StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromDays(1));
        (await client.CallAsync("nanokvm_power", new { action = "power" })).AssertOk();
    }

    private static ElicitResult Yes() => new()
    {
        Action = "accept",
        Content = new Dictionary<string, JsonElement> { ["decision"] = JsonSerializer.SerializeToElement("yes") },
    };

    private static async Task<IReadOnlyList<string>> AllToolNamesAsync()
    {
        await using var plain = await McpHarness.StartAsync();
        return await ListedAsync(plain);
    }

    private static async Task<IReadOnlyList<string>> ListedAsync(McpHarness mcp) =>
        [.. (await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Select(t => t.Name).Order(StringComparer.Ordinal)];

    private static Task<CallToolResult> CallJsonAsync(McpHarness mcp, string tool, string argumentsJson)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return mcp.Client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken).AsTask();
    }
}
