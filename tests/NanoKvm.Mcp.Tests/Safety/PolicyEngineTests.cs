using System.Text.Json;
using NanoKvm.Mcp.Policy;

namespace NanoKvm.Mcp.Tests.Safety;

public sealed class PolicyEngineTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Without_a_policy_everything_is_allowed_and_listed()
    {
        var engine = new PolicyEngine(SafetyPolicy.AllowAll, readOnly: false, _clock);

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_power_cycle")).Kind);
        Assert.True(engine.IsListed("nanokvm_power_cycle", toolIsReadOnly: false));
    }

    [Fact]
    public void Default_deny_refuses_unlisted_tools_with_rule_default()
    {
        var engine = Engine("""{"version":"1","default":"deny","tools":{"nanokvm_screenshot":{}}}""");

        var decision = engine.Evaluate(Call("nanokvm_click"));

        Assert.Equal(DecisionKind.Deny, decision.Kind);
        Assert.Equal("default", decision.Rule);
        Assert.False(engine.IsListed("nanokvm_click", toolIsReadOnly: false));
        Assert.True(engine.IsListed("nanokvm_screenshot", toolIsReadOnly: true));
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_screenshot")).Kind);
    }

    [Fact]
    public void Explicit_deny_names_the_rule_and_reason()
    {
        var engine = Engine("""{"version":"1","default":"allow","tools":{"nanokvm_power_cycle":{"action":"deny","reason":"production host"}}}""");

        var decision = engine.Evaluate(Call("nanokvm_power_cycle"));

        Assert.Equal(DecisionKind.Deny, decision.Kind);
        Assert.Equal("tools.nanokvm_power_cycle.action", decision.Rule);
        Assert.Equal("production host", decision.Reason);
        Assert.False(engine.IsListed("nanokvm_power_cycle", toolIsReadOnly: false));
    }

    [Fact]
    public void Approve_asks_for_approval()
    {
        var engine = Engine("""{"version":"1","default":"deny","tools":{"nanokvm_power":{"action":"approve"}}}""");

        var decision = engine.Evaluate(Call("nanokvm_power"));

        Assert.Equal(DecisionKind.NeedsApproval, decision.Kind);
        Assert.True(engine.IsListed("nanokvm_power", toolIsReadOnly: false));
    }

    [Fact]
    public void Read_only_mode_refuses_tools_that_are_not_read_only_even_when_the_policy_allows_them()
    {
        var engine = new PolicyEngine(SafetyPolicy.AllowAll, readOnly: true, _clock);

        var click = engine.Evaluate(Call("nanokvm_click"));
        var screenshot = engine.Evaluate(Call("nanokvm_screenshot", readOnly: true));

        Assert.Equal(DecisionKind.Deny, click.Kind);
        Assert.Equal(PolicyEngine.ReadOnlyRule, click.Rule);
        Assert.Equal(DecisionKind.Allow, screenshot.Kind);
        Assert.False(engine.IsListed("nanokvm_click", toolIsReadOnly: false));
        Assert.True(engine.IsListed("nanokvm_screenshot", toolIsReadOnly: true));
    }

    [Theory]
    [InlineData("""{"action":"power"}""", true)]
    [InlineData("""{"action":"reset"}""", false)]
    [InlineData("""{}""", false)]
    public void Allowed_values_and_required(string arguments, bool allowed)
    {
        var engine = Engine("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{"values":["power","power_long"],"required":true}}}}}""");

        var decision = engine.Evaluate(Call("nanokvm_power", arguments));

        Assert.Equal(allowed ? DecisionKind.Allow : DecisionKind.Deny, decision.Kind);
        if (!allowed)
        {
            Assert.Equal("tools.nanokvm_power.args.action", decision.Rule);
        }
    }

    [Theory]
    [InlineData("""{"off_duration_ms":1000}""", true)]
    [InlineData("""{"off_duration_ms":10000}""", true)]
    [InlineData("""{"off_duration_ms":999}""", false)]
    [InlineData("""{"off_duration_ms":10001}""", false)]
    [InlineData("""{"off_duration_ms":"5000"}""", false)]
    [InlineData("""{}""", true)]
    public void Numeric_bounds_are_inclusive(string arguments, bool allowed)
    {
        var engine = Engine("""{"version":"1","default":"allow","tools":{"nanokvm_power_cycle":{"args":{"off_duration_ms":{"min":1000,"max":10000}}}}}""");

        Assert.Equal(allowed ? DecisionKind.Allow : DecisionKind.Deny, engine.Evaluate(Call("nanokvm_power_cycle", arguments)).Kind);
    }

    [Theory]
    [InlineData("12345", true)]
    [InlineData("123456", false)]
    [InlineData("😀😀😀😀😀", true)]
    public void Text_length_counts_characters(string text, bool allowed)
    {
        var engine = Engine("""{"version":"1","default":"allow","tools":{"nanokvm_send_text":{"args":{"text":{"max_length":5}}}}}""");

        var decision = engine.Evaluate(Call("nanokvm_send_text", JsonSerializer.Serialize(new { text })));

        Assert.Equal(allowed ? DecisionKind.Allow : DecisionKind.Deny, decision.Kind);
    }

    [Theory]
    [InlineData("/data/debian.iso", true)]
    [InlineData("/data/images/a.iso", true)]
    [InlineData("/data/images/sub/b.img", true)]
    [InlineData("/data/rescue-2024.iso", true)]
    [InlineData("/data/rescue.img", false)]
    [InlineData("/data/other.iso", false)]
    [InlineData("/data/images/../../etc/shadow", false)]
    [InlineData("/data//debian.iso", false)]
    [InlineData("data/debian.iso", false)]
    public void Image_paths_exact_prefix_and_glob(string file, bool allowed)
    {
        var engine = Engine("""
            {"version":"1","default":"allow","tools":{"nanokvm_mount_iso":{"args":{"file":{"paths":
              ["/data/debian.iso","/data/images/","/data/rescue-*.iso"]}}}}}
            """);

        var decision = engine.Evaluate(Call("nanokvm_mount_iso", JsonSerializer.Serialize(new { file })));

        Assert.Equal(allowed ? DecisionKind.Allow : DecisionKind.Deny, decision.Kind);
    }

    [Fact]
    public void Ten_per_minute_edges_retry_after_and_window_passing()
    {
        var engine = Engine(ClickLimit("minute", 10, "grant"));

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        }

        var eleventh = engine.Evaluate(Call("nanokvm_click"));
        Assert.Equal(DecisionKind.RateLimited, eleventh.Kind);
        Assert.Equal("click_rate", eleventh.Counter);
        Assert.Equal("tools.nanokvm_click.limits[0]", eleventh.Rule);
        Assert.Equal(TimeSpan.FromMinutes(1), eleventh.RetryAfter);
        Assert.Equal(ManualTimeProvider.DefaultStart.AddMinutes(1), eleventh.RetryAt);
        Assert.Contains("retry after 60 s", eleventh.Message, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        var justBefore = engine.Evaluate(Call("nanokvm_click"));
        Assert.Equal(DecisionKind.RateLimited, justBefore.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(1), justBefore.RetryAfter);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        }

        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_click")).Kind);
    }

    [Fact]
    public void The_window_slides_instead_of_resetting_at_a_boundary()
    {
        var engine = Engine(ClickLimit("minute", 10, "grant"));
        for (var i = 0; i < 5; i++)
        {
            engine.Evaluate(Call("nanokvm_click"));
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            engine.Evaluate(Call("nanokvm_click"));
        }

        // At t=60 s the first five have left the window; the five from t=30 s are still in it.
        _clock.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        }

        var limited = engine.Evaluate(Call("nanokvm_click"));
        Assert.Equal(DecisionKind.RateLimited, limited.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), limited.RetryAfter);
    }

    [Theory]
    [InlineData("second", 1)]
    [InlineData("minute", 60)]
    [InlineData("hour", 3600)]
    [InlineData("day", 86400)]
    public void Every_window_length(string window, int seconds)
    {
        var engine = Engine(ClickLimit(window, 1, "global"));

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        var limited = engine.Evaluate(Call("nanokvm_click"));
        Assert.Equal(TimeSpan.FromSeconds(seconds), limited.RetryAfter);

        _clock.Advance(TimeSpan.FromSeconds(seconds));
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
    }

    [Fact]
    public void A_counter_is_shared_by_every_tool_that_names_it()
    {
        var engine = Engine("""
            {"version":"1","default":"allow","tools":{
              "nanokvm_click":{"limits":[{"counter":"risky","window":"minute","max":3,"scope":"grant"}]},
              "nanokvm_mount_iso":{"limits":[{"counter":"risky","window":"minute","max":3,"scope":"grant"}]}}}
            """);

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_mount_iso")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_mount_iso")).Kind);
        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_screenshot")).Kind);
    }

    [Fact]
    public void Tool_scope_keeps_one_bucket_per_tool()
    {
        var engine = Engine("""
            {"version":"1","default":"allow","tools":{
              "nanokvm_click":{"limits":[{"counter":"hid","window":"minute","max":1,"scope":"tool"}]},
              "nanokvm_move":{"limits":[{"counter":"hid","window":"minute","max":1,"scope":"tool"}]}}}
            """);

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_move")).Kind);
        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_click", device: "other", grant: "other")).Kind);
    }

    [Fact]
    public void Device_scope_keeps_one_bucket_per_device()
    {
        var engine = Engine(ClickLimit("minute", 1, "device"));

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click", device: "lab")).Kind);
        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_click", device: "lab", grant: "other")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click", device: "office")).Kind);
    }

    [Fact]
    public void Grant_scope_is_per_client_connection_and_global_is_shared_by_all()
    {
        var grant = Engine(ClickLimit("minute", 1, "grant"));
        var global = Engine(ClickLimit("minute", 1, "global"));

        Assert.Equal(DecisionKind.Allow, grant.Evaluate(Call("nanokvm_click", device: "a", grant: "session-1")).Kind);
        Assert.Equal(DecisionKind.RateLimited, grant.Evaluate(Call("nanokvm_click", device: "b", grant: "session-1")).Kind);
        Assert.Equal(DecisionKind.Allow, grant.Evaluate(Call("nanokvm_click", device: "a", grant: "session-2")).Kind);

        Assert.Equal(DecisionKind.Allow, global.Evaluate(Call("nanokvm_click", device: "a", grant: "session-1")).Kind);
        Assert.Equal(DecisionKind.RateLimited, global.Evaluate(Call("nanokvm_click", device: "b", grant: "session-2")).Kind);
    }

    [Fact]
    public void Several_limits_take_slots_on_all_or_none()
    {
        var policy = PolicyLoader.Parse("""
            {"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[
              {"counter":"burst","window":"second","max":2,"scope":"grant"},
              {"counter":"sustained","window":"minute","max":3,"scope":"grant"}]}}}
            """);
        var engine = new PolicyEngine(policy, readOnly: false, _clock);
        var burst = policy.Tools["nanokvm_click"].Limits[0];
        var sustained = policy.Tools["nanokvm_click"].Limits[1];

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        var blockedByBurst = engine.Evaluate(Call("nanokvm_click"));
        Assert.Equal("burst", blockedByBurst.Counter);
        Assert.Equal(2, engine.CountInWindow(sustained, Call("nanokvm_click")));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        var blockedBySustained = engine.Evaluate(Call("nanokvm_click"));
        Assert.Equal("sustained", blockedBySustained.Counter);
        Assert.Equal(TimeSpan.FromSeconds(59), blockedBySustained.RetryAfter);
        Assert.Equal(1, engine.CountInWindow(burst, Call("nanokvm_click")));
    }

    [Fact]
    public async Task Limits_hold_under_concurrent_calls()
    {
        var engine = Engine(ClickLimit("minute", 10, "grant"));
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            return engine.Evaluate(Call("nanokvm_click")).Kind;
        })).ToList();
        start.Set();
        var kinds = await Task.WhenAll(tasks);

        Assert.Equal(10, kinds.Count(k => k == DecisionKind.Allow));
        Assert.Equal(40, kinds.Count(k => k == DecisionKind.RateLimited));
    }

    [Fact]
    public void Released_reservations_free_their_slot()
    {
        var engine = Engine(ClickLimit("minute", 1, "grant"));

        var first = engine.Evaluate(Call("nanokvm_click"));
        first.Reservation!.Release();
        first.Reservation.Release();

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_click")).Kind);
    }

    [Fact]
    public void Denied_and_refused_calls_take_no_slot()
    {
        var engine = Engine("""
            {"version":"1","default":"allow","tools":{"nanokvm_mount_iso":{
              "args":{"file":{"paths":["/data/ok.iso"]}},
              "limits":[{"counter":"mount","window":"minute","max":1,"scope":"grant"}]}}}
            """);

        Assert.Equal(DecisionKind.Deny, engine.Evaluate(Call("nanokvm_mount_iso", """{"file":"/data/bad.iso"}""")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_mount_iso", """{"file":"/data/ok.iso"}""")).Kind);
    }

    [Fact]
    public void A_step_counted_under_several_entries_that_share_a_counter_takes_one_slot_there()
    {
        var engine = Engine("""
            {"version":"1","default":"allow","tools":{
              "nanokvm_tap":{"limits":[{"counter":"hid","window":"minute","max":3,"scope":"grant"}]},
              "nanokvm_click":{"limits":[{"counter":"hid","window":"minute","max":3,"scope":"grant"}]}}}
            """);

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_tap", """{"x":1,"y":1}""")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_tap", """{"x":1,"y":1}""")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_tap", """{"x":1,"y":1}""")).Kind);
    }

    [Fact]
    public void A_power_cycle_is_two_power_presses_each_checked_against_the_power_rules()
    {
        var engine = Engine("""
            {"version":"1","default":"allow","tools":{
              "nanokvm_power":{"args":{"action":{"values":["power","power_long"]}},
                "limits":[{"counter":"power","window":"hour","max":3,"scope":"device"}]}}}
            """);
        var resetOnly = Engine("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{"values":["reset"]}}}}}""");

        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_power_cycle")).Kind);
        var second = engine.Evaluate(Call("nanokvm_power_cycle"));
        Assert.Equal(DecisionKind.RateLimited, second.Kind);
        Assert.Contains("has no room for the 2 actions this call counts against it", second.Message, StringComparison.Ordinal);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_power", """{"action":"power"}""")).Kind);

        var refused = resetOnly.Evaluate(Call("nanokvm_power_cycle"));
        Assert.Equal("tools.nanokvm_power.args.action", refused.Rule);
        Assert.Contains("'nanokvm_power_cycle' counts as nanokvm_power: argument 'action' = \"power_long\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_denied_action_refuses_every_tool_and_step_that_performs_it_naming_the_step()
    {
        var engine = Engine("""{"version":"1","default":"allow","tools":{"nanokvm_send_text":{"action":"deny","reason":"no typing"}}}""");

        var key = engine.Evaluate(Call("nanokvm_send_key", """{"key":"a"}"""));
        var step = engine.Evaluate(Call("nanokvm_batch", """{"actions":[{"action":"click"},{"action":"key","key":"Enter"}]}"""));

        Assert.Equal(DecisionKind.Deny, key.Kind);
        Assert.Equal("tools.nanokvm_send_text.action", key.Rule);
        Assert.Equal("no typing", key.Reason);
        Assert.False(engine.IsListed("nanokvm_press_keys", toolIsReadOnly: false));
        Assert.True(engine.IsListed("nanokvm_batch", toolIsReadOnly: false));
        Assert.Equal("actions[1] of 'nanokvm_batch' counts as nanokvm_send_text: the policy denies it", step.Message);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_batch", """{"actions":[{"action":"click"}]}""")).Kind);
    }

    [Fact]
    public void A_call_that_needs_more_slots_than_a_limit_holds_is_denied_outright_and_takes_none()
    {
        var engine = Engine(ClickLimit("minute", 3, "grant"));

        var never = engine.Evaluate(Call("nanokvm_batch", """{"actions":[{"action":"click"},{"action":"double_click"},{"action":"click"}]}"""));

        Assert.Equal(DecisionKind.Deny, never.Kind);
        Assert.Equal("tools.nanokvm_click.limits[0]", never.Rule);
        Assert.Contains("can never make room for the 4 actions", never.Message, StringComparison.Ordinal);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_double_click")).Kind);
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
        Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(Call("nanokvm_click")).Kind);
    }

    [Fact]
    public void Approval_collects_every_entry_that_asks()
    {
        var engine = Engine("""
            {"version":"1","default":"allow","tools":{
              "nanokvm_batch":{"action":"approve","reason":"batches"},
              "nanokvm_send_text":{"action":"approve","reason":"typing","approve_long_values":true}}}
            """);

        var decision = engine.Evaluate(Call("nanokvm_batch", """{"actions":[{"action":"type","text":"x"}]}"""));

        Assert.Equal(DecisionKind.NeedsApproval, decision.Kind);
        Assert.Equal(["nanokvm_batch", "nanokvm_send_text"], decision.Approvers.Select(a => a.ToolName));
        Assert.True(decision.Approvers[1].ApproveLongValues);
    }

    [Fact]
    public void Unreadable_steps_and_unmapped_tools_are_refused_before_any_slot()
    {
        var engine = Engine(ClickLimit("minute", 1, "grant"));

        Assert.Equal(DecisionKind.Invalid, engine.Evaluate(Call("nanokvm_batch", """{"actions":[{"action":"fly"}]}""")).Kind);
        Assert.Equal(DecisionKind.Invalid, engine.Evaluate(Call("nanokvm_batch", """{"actions":"click"}""")).Kind);
        var unmapped = engine.Evaluate(Call("nanokvm_wifi_join"));
        Assert.Equal(DecisionKind.Deny, unmapped.Kind);
        Assert.Equal(PolicyEngine.UnmappedRule, unmapped.Rule);
        Assert.False(engine.IsListed("nanokvm_wifi_join", toolIsReadOnly: false));
        Assert.Equal(DecisionKind.Allow, engine.Evaluate(Call("nanokvm_click")).Kind);
    }

    private PolicyEngine Engine(string json) => new(PolicyLoader.Parse(json), readOnly: false, _clock);

    private static string ClickLimit(string window, int max, string scope) =>
        """{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"click_rate","window":""" +
        $"\"{window}\",\"max\":{max},\"scope\":\"{scope}\"" + "}]}}}";

    private static PolicyRequest Call(string tool, string? arguments = null, bool readOnly = false, string device = "default", string grant = "stdio") =>
        new(tool, device, grant, arguments is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments), readOnly);
}
