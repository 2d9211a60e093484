using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>
/// Issue 13, case 1: a rule written for <c>nanokvm_click</c> or <c>nanokvm_send_text</c> governs the action wherever it
/// arrives (every tool, every batch step), counted per action. Real tools on an emulator, so the clicks and keys that
/// reach the target are counted there.
/// </summary>
public sealed class ActionCountingTests
{
    private const string ClickLimit = """
        {"version":"1","default":"allow","tools":{
          "nanokvm_click":{"limits":[{"counter":"click_rate","window":"minute","max":10,"scope":"grant"}]}}}
        """;

    private const string TypingLimit = """
        {"version":"1","default":"allow","tools":{
          "nanokvm_send_text":{"args":{"text":{"max_length":20}},
            "limits":[{"counter":"typing","window":"minute","max":3,"scope":"grant"}]}}}
        """;

    /// <summary>Every way to press a mouse button, each worth one call.</summary>
    private static readonly (string Tool, string Arguments)[] ClickingPaths =
    [
        ("nanokvm_click", """{"x":0.5,"y":0.5,"normalized":true}"""),
        ("nanokvm_tap", """{"x":0.5,"y":0.5,"normalized":true}"""),
        ("nanokvm_double_click", """{"x":0.5,"y":0.5,"normalized":true}"""),
        ("nanokvm_drag", """{"x":0.2,"y":0.2,"to_x":0.4,"to_y":0.4,"normalized":true}"""),
        ("nanokvm_click_relative", """{}"""),
        ("nanokvm_click_relative", """{"double_click":true}"""),
        ("nanokvm_drag_relative", """{"dx":10,"dy":10}"""),
        ("nanokvm_batch", """{"actions":[{"action":"click"}]}"""),
        ("nanokvm_batch", """{"actions":[{"action":"double_click"}]}"""),
        ("nanokvm_batch", """{"actions":[{"action":"drag","x":0.1,"y":0.1,"to_x":0.3,"to_y":0.3,"normalized":true}]}"""),
        ("nanokvm_batch", """{"actions":[{"action":"click_relative","button":"right"}]}"""),
    ];

    /// <summary>Every way to send keyboard input, each worth one call.</summary>
    private static readonly (string Tool, string Arguments)[] TypingPaths =
    [
        ("nanokvm_send_text", """{"text":"abc"}"""),
        ("nanokvm_type_text", """{"text":"abc"}"""),
        ("nanokvm_send_key", """{"key":"a"}"""),
        ("nanokvm_press_keys", """{"keys":["a"]}"""),
        ("nanokvm_batch", """{"actions":[{"action":"type","text":"abc"}]}"""),
        ("nanokvm_batch", """{"actions":[{"action":"key","key":"Enter"}]}"""),
    ];

    /// <summary>Every way to type a text.</summary>
    public static TheoryData<string, string> TextPaths => new()
    {
        { "nanokvm_send_text", """{"text":"abc"}""" },
        { "nanokvm_type_text", """{"text":"abc"}""" },
        { "nanokvm_batch", """{"actions":[{"action":"type","text":"abc"}]}""" },
    };

    [Fact]
    public async Task Under_default_allow_a_click_limit_leaves_no_clicking_path_unlimited()
    {
        await using var mcp = await SafetyHarness.StartAsync(ClickLimit);
        for (var i = 0; i < 10; i++)
        {
            (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        }

        foreach (var (tool, arguments) in ClickingPaths)
        {
            var result = await CallAsync(mcp, tool, arguments);
            result.AssertRefused("rule tools.nanokvm_click.limits[0]");
        }

        await mcp.FenceAsync();
        Assert.Equal(10, mcp.Emulator.Host.Mouse.Clicks(1) + mcp.Emulator.Host.Mouse.Clicks(2));
    }

    [Fact]
    public async Task Under_default_allow_a_typing_limit_leaves_no_typing_path_unlimited()
    {
        await using var mcp = await SafetyHarness.StartAsync(TypingLimit);
        for (var i = 0; i < 3; i++)
        {
            (await mcp.CallAsync("nanokvm_send_text", new { text = "ok" })).AssertOk();
        }

        foreach (var (tool, arguments) in TypingPaths)
        {
            var result = await CallAsync(mcp, tool, arguments);
            result.AssertRefused("rule tools.nanokvm_send_text.limits[0]");
        }

        await mcp.FenceAsync();
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript == "okokok"), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Theory]
    [MemberData(nameof(TextPaths))]
    public async Task A_text_length_rule_applies_to_text_wherever_it_arrives(string tool, string arguments)
    {
        await using var mcp = await SafetyHarness.StartAsync(TypingLimit);
        var tooLong = arguments.Replace("\"abc\"", "\"" + new string('x', 21) + "\"", StringComparison.Ordinal);
        var longest = arguments.Replace("\"abc\"", "\"" + new string('y', 20) + "\"", StringComparison.Ordinal);

        (await CallAsync(mcp, tool, tooLong)).AssertRefused("rule tools.nanokvm_send_text.args.text");
        (await CallAsync(mcp, tool, longest)).AssertOk();

        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript == new string('y', 20)), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Clicks_are_counted_per_action_a_double_click_is_two_and_a_batch_counts_every_step()
    {
        await using var mcp = await SafetyHarness.StartAsync(ClickLimit);

        // 4 + 2 + 2 + 1 + 1 = 10 clicks: exactly the limit.
        (await CallAsync(mcp, "nanokvm_batch", """{"actions":[{"action":"click"},{"action":"click"},{"action":"wait","ms":1},{"action":"click"},{"action":"click"}]}""")).AssertOk();
        (await CallAsync(mcp, "nanokvm_double_click", """{"x":0.5,"y":0.5,"normalized":true}""")).AssertOk();
        (await CallAsync(mcp, "nanokvm_click_relative", """{"double_click":true}""")).AssertOk();
        (await CallAsync(mcp, "nanokvm_tap", """{"x":0.5,"y":0.5,"normalized":true}""")).AssertOk();
        (await CallAsync(mcp, "nanokvm_drag", """{"x":0.2,"y":0.2,"to_x":0.4,"to_y":0.4,"normalized":true}""")).AssertOk();

        (await CallAsync(mcp, "nanokvm_click", """{}""")).AssertRefused("rate limit 'click_rate'");
        await mcp.FenceAsync();
        Assert.Equal(10, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    [Fact]
    public async Task A_batch_with_one_step_over_the_limit_is_refused_whole_before_its_first_step()
    {
        var clock = new ManualTimeProvider();
        await using var mcp = await SafetyHarness.StartAsync(ClickLimit, clock);
        for (var i = 0; i < 5; i++)
        {
            (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        }

        // Five slots are left; six clicks do not fit, so not even the key press before them may happen.
        var steps = string.Join(",", Enumerable.Repeat("""{"action":"click"}""", 6));
        var refused = await CallAsync(mcp, "nanokvm_batch", $$"""{"actions":[{"action":"key","key":"a"},{{steps}}]}""");

        refused.AssertRefused("rate limit 'click_rate' (10 per minute, scope grant) has no room for the 6 actions this call counts against it");
        await mcp.FenceAsync();
        Assert.Equal(5, mcp.Emulator.Host.Mouse.Clicks(1));
        Assert.Empty(mcp.Emulator.Host.Keyboard.Transcript);

        // Eleven clicks can never fit a limit of ten: refused outright instead of "retry later".
        clock.Advance(TimeSpan.FromMinutes(1));
        var never = await CallAsync(mcp, "nanokvm_batch", $$"""{"actions":[{{string.Join(",", Enumerable.Repeat("""{"action":"click"}""", 11))}}]}""");
        never.AssertRefused("can never make room for the 11 actions this call counts against it");

        (await CallAsync(mcp, "nanokvm_batch", $$"""{"actions":[{{string.Join(",", Enumerable.Repeat("""{"action":"click"}""", 10))}}]}""")).AssertOk();
        await mcp.FenceAsync();
        Assert.Equal(15, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    [Fact]
    public async Task An_explicit_deny_of_clicks_hides_and_refuses_every_clicking_tool_and_batch_click_step()
    {
        await using var mcp = await SafetyHarness.StartAsync("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"action":"deny","reason":"kiosk"}}}""");

        var listed = (await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Select(t => t.Name).ToList();
        Assert.DoesNotContain("nanokvm_tap", listed);
        Assert.DoesNotContain("nanokvm_double_click", listed);
        Assert.DoesNotContain("nanokvm_drag_relative", listed);
        Assert.Contains("nanokvm_move", listed);
        Assert.Contains("nanokvm_batch", listed);

        foreach (var (tool, arguments) in ClickingPaths)
        {
            (await CallAsync(mcp, tool, arguments)).AssertRefused("tools.nanokvm_click.action");
        }

        (await CallAsync(mcp, "nanokvm_batch", """{"actions":[{"action":"move","x":0.5,"y":0.5,"normalized":true}]}""")).AssertOk();
        await mcp.FenceAsync();
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1) + mcp.Emulator.Host.Mouse.Clicks(2));
    }

    private static Task<CallToolResult> CallAsync(McpHarness mcp, string tool, string argumentsJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(argumentsJson);
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return mcp.Client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken).AsTask();
    }
}
