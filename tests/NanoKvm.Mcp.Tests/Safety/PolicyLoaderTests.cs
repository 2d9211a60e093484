using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Tests.Safety;

public sealed class PolicyLoaderTests
{
    [Fact]
    public void The_gateway_shape_loads()
    {
        var policy = PolicyLoader.Parse("""
            {"version":"1","default":"deny","tools":{"nanokvm_click":{"limits":[{"counter":"click_rate","window":"minute","max":10,"scope":"grant"}]}}}
            """);

        Assert.Equal(PolicyAction.Deny, policy.Default);
        var click = policy.Tools["nanokvm_click"];
        Assert.Equal(PolicyAction.Allow, click.Action);
        Assert.Equal(new RateLimitRule("click_rate", LimitWindow.Minute, 10, LimitScope.Grant, "tools.nanokvm_click.limits[0]"), Assert.Single(click.Limits));
    }

    [Theory]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"week","max":10,"scope":"grant"}]}}}""",
        "tools.nanokvm_click.limits[0].window: expected one of second, minute, hour, day")]
    [InlineData("""{"version":"1","default":"allow",""", "(document): not valid JSON")]
    [InlineData("""{"version":"1","default":"allow",}""", "(document): not valid JSON")]
    [InlineData("""{"version":"1","default":"allow" /* note */}""", "(document): not valid JSON")]
    [InlineData("""[]""", "(root): expected an object, found an array")]
    [InlineData("""{"version":"2","default":"allow"}""", "version: unsupported version '2'")]
    [InlineData("""{"version":1,"default":"allow"}""", "version: expected a string, found a number")]
    [InlineData("""{"default":"allow"}""", "version: required")]
    [InlineData("""{"version":"1"}""", "default: required")]
    [InlineData("""{"version":"1","default":"approve"}""", "default: expected one of allow, deny")]
    [InlineData("""{"version":"1","default":"allow","rules":{}}""", "rules: unknown field; expected one of version, default, tools")]
    [InlineData("""{"version":"1","default":"allow","default":"deny"}""", "default: appears more than once")]
    [InlineData("""{"version":"1","default":"allow","tools":[]}""", "tools: expected an object, found an array")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limit":[]}}}""", "tools.nanokvm_click.limit: unknown field")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"action":"block"}}}""", "tools.nanokvm_click.action: expected one of allow, deny, approve")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"reason":5}}}""", "tools.nanokvm_click.reason: expected a string")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":{}}}}""", "tools.nanokvm_click.limits: expected an array")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute","max":0,"scope":"grant"}]}}}""", "tools.nanokvm_click.limits[0].max: must be between 1 and")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute","max":-3}]}}}""", "tools.nanokvm_click.limits[0].max: must be between 1 and")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute","max":"10"}]}}}""", "tools.nanokvm_click.limits[0].max: expected a whole number")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute","max":2.5}]}}}""", "tools.nanokvm_click.limits[0].max: expected a whole number")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute"}]}}}""", "tools.nanokvm_click.limits[0].max: required")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"window":"minute","max":1}]}}}""", "tools.nanokvm_click.limits[0].counter: required")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute","max":1,"scope":"user"}]}}}""", "tools.nanokvm_click.limits[0].scope: expected one of grant, tool, device, global")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute","max":1,"burst":3}]}}}""", "tools.nanokvm_click.limits[0].burst: unknown field")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"limits":[{"counter":"c","window":"minute","max":1}]},"nanokvm_move":{"limits":[{"counter":"c","window":"hour","max":1}]}}}""", "tools.nanokvm_move.limits[0].window: counter 'c' is declared at tools.nanokvm_click.limits[0]")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{}}}}}""", "tools.nanokvm_power.args.action: an argument rule needs at least one of")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{"enum":["power"]}}}}}""", "tools.nanokvm_power.args.action.enum: unknown field")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{"values":[]}}}}}""", "tools.nanokvm_power.args.action.values: must list at least one value")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{"values":[["power"]]}}}}}""", "tools.nanokvm_power.args.action.values[0]: expected a string, number or boolean")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{"required":"yes"}}}}}""", "tools.nanokvm_power.args.action.required: expected true or false")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"args":{"x":{"min":10,"max":5}}}}}""", "tools.nanokvm_click.args.x.min: must not be greater than max")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"args":{"x":{"min":"0"}}}}}""", "tools.nanokvm_click.args.x.min: expected a number, found a string")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_send_text":{"args":{"text":{"max_length":0}}}}}""", "tools.nanokvm_send_text.args.text.max_length: must be at least 1")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_send_text":{"args":{"text":{"max_length":10,"min":1}}}}}""", "tools.nanokvm_send_text.args.text: mixes numeric bounds")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_mount_iso":{"args":{"file":{"paths":["/etc/*.iso"]}}}}}""", "tools.nanokvm_mount_iso.args.file.paths[0]: path pattern '/etc/*.iso' must name something under /data/")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_mount_iso":{"args":{"file":{"paths":["/data/../etc/x"]}}}}}""", "tools.nanokvm_mount_iso.args.file.paths[0]: path pattern '/data/../etc/x' must be a plain absolute path")]
    [InlineData("""{"version":"1","default":"allow","tools":{"bad name":{}}}""", "tools.bad name: tool names are non-empty")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"approve_long_values":true}}}""", "tools.nanokvm_power.approve_long_values: only applies to an entry with \"action\": \"approve\"")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"action":"approve","approve_long_values":"yes"}}}""", "tools.nanokvm_power.approve_long_values: expected true or false")]
    public void Malformed_policies_name_the_field(string json, string expected)
    {
        var error = Assert.Throws<PolicyFormatException>(() => PolicyLoader.Parse(json, "policy.json"));

        Assert.StartsWith("Invalid policy policy.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nanokvm-missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<PolicyFormatException>(() => PolicyLoader.LoadFile(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_clik":{"action":"deny"}}}""", "tools.nanokvm_clik: no such tool")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"force":{"values":[true]}}}}}""", "tools.nanokvm_power.args.force: tool 'nanokvm_power' has no argument 'force'")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"args":{"x":{"max_length":4}}}}}""", "tools.nanokvm_click.args.x: max_length/paths need a string argument")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_send_text":{"args":{"text":{"max":4}}}}}""", "tools.nanokvm_send_text.args.text: min/max need a numeric argument")]
    [InlineData("""{"version":"1","default":"allow","tools":{"NanoKvm_Click":{}}}""", "tools.NanoKvm_Click: no such tool; tool names are case-sensitive: did you mean 'nanokvm_click'?")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_wifi_join":{}}}""", "tools.nanokvm_wifi_join: the server cannot tell what this tool does")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power_cycle":{"args":{"off_duration_ms":{"values":["5000"]}}}}}""", "tools.nanokvm_power_cycle.args.off_duration_ms.values[0]: \"5000\" can never match")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power_cycle":{"args":{"off_duration_ms":{"values":[2.5]}}}}}""", "tools.nanokvm_power_cycle.args.off_duration_ms.values[0]: 2.5 can never match")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_batch":{"args":{"actions":{"max_length":5}}}}}""", "tools.nanokvm_batch.args.actions: 'actions' is array; only \"required\" applies")]
    [InlineData("""{"version":"1","default":"deny","tools":{"nanokvm_tap":{}}}""", "tools.nanokvm_tap: every call of 'nanokvm_tap' also counts as nanokvm_click, and the default denies it")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"action":"deny"},"nanokvm_tap":{"action":"approve"}}}""", "tools.nanokvm_tap: every call of 'nanokvm_tap' also counts as nanokvm_click, and tools.nanokvm_click.action denies it")]
    public void Rules_that_do_not_fit_the_servers_tools_stop_start_up(string json, string expected)
    {
        var error = Assert.Throws<PolicyFormatException>(() => SafetyServer.Start(SafetyTestHelpers.Options(json)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shipped_example_policies_load_and_fit_the_tools()
    {
        var directory = Path.Combine(RepositoryRoot(), "docs", "policies");
        var files = Directory.GetFiles(directory, "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var policy = PolicyLoader.LoadFile(file);
            Assert.NotEmpty(policy.Tools);
            await using var server = SafetyServer.Start(new SafetyOptions { Policy = policy });
        }
    }

    [Fact]
    public void The_gateway_example_denies_by_default_and_limits_click_and_mount_at_ten_a_minute()
    {
        var policy = PolicyLoader.LoadFile(Path.Combine(RepositoryRoot(), "docs", "policies", "gateway-equivalent.json"));
        var engine = new PolicyEngine(policy, readOnly: false, new ManualTimeProvider());

        Assert.Equal(PolicyAction.Deny, policy.Default);
        Assert.Equal(["nanokvm_click", "nanokvm_mount_iso"], policy.Tools.Keys.Order(StringComparer.Ordinal));
        foreach (var tool in new[] { "nanokvm_click", "nanokvm_mount_iso" })
        {
            var request = new PolicyRequest(tool, "default", "stdio", null, ToolIsReadOnly: false);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(DecisionKind.Allow, engine.Evaluate(request).Kind);
            }

            Assert.Equal(DecisionKind.RateLimited, engine.Evaluate(request).Kind);
        }

        Assert.Equal(DecisionKind.Deny, engine.Evaluate(new PolicyRequest("nanokvm_power", "default", "stdio", null, false)).Kind);
    }

    [Theory]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_power":{"args":{"action":{"values":["power","reboot"]}}}}}""", "tools.nanokvm_power.args.action.values[1]: \"reboot\" is not a value 'nanokvm_power' accepts for 'action' (\"power\", \"power_long\", \"reset\")")]
    [InlineData("""{"version":"1","default":"allow","tools":{"nanokvm_click":{"args":{"button":{"values":["Left"]}}}}}""", "tools.nanokvm_click.args.button.values[0]: \"Left\" is not a value 'nanokvm_click' accepts")]
    public void Allowed_values_the_real_tools_never_take_stop_start_up(string json, string expected)
    {
        var registry = new NanoKvm.Mcp.Devices.DeviceRegistry(
            [new NanoKvm.Mcp.Configuration.DeviceDefinition { Name = "default", Address = new Uri("http://127.0.0.1:9/") }],
            "default",
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var settings = new NanoKvm.Mcp.Configuration.ServerSettings { Safety = new SafetyOptions { Policy = PolicyLoader.Parse(json, "policy.json") } };

        var error = Assert.Throws<NanoKvm.Mcp.Configuration.ConfigurationException>(() => NanoKvm.Mcp.Hosting.SafetyWiring.CheckPolicy(settings, registry));

        Assert.StartsWith("Invalid policy policy.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NanoKvm.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (NanoKvm.sln) not found above " + AppContext.BaseDirectory);
    }
}
