using System.Text.Json;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Policy.Actions;
using NanoKvm.Mcp.Tests.Infrastructure;
using NanoKvm.Mcp.Tools.Arguments;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>
/// The action table against the tools the real server offers (its own <c>tools/list</c>, not a list kept here):
/// a tool added without a mapping fails these tests, and is refused at run time (see SafetyFilterTests).
/// </summary>
public sealed class ActionTableTests
{
    [Fact]
    public async Task Every_tool_the_server_offers_has_a_mapping_and_every_mapping_names_an_offered_tool()
    {
        var tools = await RealToolsAsync();

        var unmapped = tools.Keys.Where(t => !ActionTable.Covers(t)).ToList();
        var stale = ActionTable.Tools.Where(t => !tools.ContainsKey(t)).ToList();
        Assert.True(unmapped.Count == 0, "tools without an action mapping: " + string.Join(", ", unmapped));
        Assert.True(stale.Count == 0, "mappings for tools the server does not offer: " + string.Join(", ", stale));
        foreach (var tool in tools.Keys)
        {
            var always = ActionTable.AlwaysCountsAs(tool);
            Assert.Equal(tool, always[0]);
            Assert.All(always, action => Assert.True(tools.ContainsKey(action), $"{tool} counts as {action}, which the server does not offer"));
        }
    }

    [Fact]
    public async Task Every_action_a_call_counts_as_uses_only_arguments_its_reference_tool_has()
    {
        var tools = await RealToolsAsync();
        foreach (var (name, tool) in tools)
        {
            var plan = ActionTable.Plan(name, SampleArguments(tool.InputSchema), "emulator");

            Assert.Equal(name, plan.Steps[0].Counts[0].Tool);
            foreach (var counted in plan.Steps.SelectMany(s => s.Counts))
            {
                var properties = tools[counted.Tool].InputSchema.GetProperty("properties");
                // Every action carries its canonical device, even for a tool that takes none (nanokvm_list_devices).
                Assert.All(counted.Arguments.Keys.Where(a => a != "device"), argument => Assert.True(
                    properties.TryGetProperty(argument, out _),
                    $"{name} counts as {counted.Tool} with argument '{argument}', which {counted.Tool} does not have"));
                Assert.Equal("emulator", counted.Arguments["device"].GetString());
            }

            // Whatever the arguments, a call counts at least as every action the table says it always does.
            Assert.All(ActionTable.AlwaysCountsAs(name), action => Assert.Contains(plan.Steps.SelectMany(s => s.Counts), c => c.Tool == action));
        }
    }

    [Fact]
    public void Every_batch_step_kind_has_a_mapping_and_a_pause_counts_as_nothing()
    {
        foreach (var kind in Enum.GetValues<BatchActionKind>())
        {
            var step = JsonSerializer.SerializeToElement(new object[] { new { action = JsonSerializer.SerializeToElement(kind).GetString(), text = "t", key = "a", ms = 1, amount = 1, dx = 1, x = 1, y = 1, to_x = 2, to_y = 2 } });

            var plan = ActionTable.Plan(ToolNames.Batch, new Dictionary<string, JsonElement> { ["actions"] = step }, "emulator");

            Assert.Equal(kind == BatchActionKind.Wait ? 1 : 2, plan.Steps.Count);
        }
    }

    [Theory]
    [InlineData(ToolNames.Tap, """{"x":1,"y":2}""", "nanokvm_click=1,nanokvm_tap=1")]
    [InlineData(ToolNames.DoubleClick, """{}""", "nanokvm_click=2,nanokvm_double_click=1")]
    [InlineData(ToolNames.ClickRelative, """{"double_click":true}""", "nanokvm_click=2,nanokvm_click_relative=1,nanokvm_double_click=1")]
    [InlineData(ToolNames.DragRelative, """{"dx":1,"dy":1}""", "nanokvm_click=1,nanokvm_drag=1,nanokvm_drag_relative=1")]
    [InlineData(ToolNames.PowerCycle, """{}""", "nanokvm_power=2,nanokvm_power_cycle=1")]
    [InlineData(ToolNames.PressKeys, """{"keys":["a","Ctrl+C","Enter"]}""", "nanokvm_press_keys=1,nanokvm_send_key=3,nanokvm_send_text=3")]
    [InlineData(ToolNames.TypeText, """{"text":"hi"}""", "nanokvm_send_text=1,nanokvm_type_text=1")]
    [InlineData(
        ToolNames.Batch,
        """{"actions":[{"action":"click"},{"action":"double_click"},{"action":"drag","x":1,"y":1,"to_x":2,"to_y":2},{"action":"type","text":"a"},{"action":"key","key":"b"},{"action":"wait","ms":5},{"action":"move_relative","dx":3}]}""",
        "nanokvm_batch=1,nanokvm_click=4,nanokvm_double_click=1,nanokvm_drag=1,nanokvm_move=1,nanokvm_move_relative=1,nanokvm_send_key=1,nanokvm_send_text=2,nanokvm_type_text=1")]
    public void Calls_count_per_action(string tool, string arguments, string expected)
    {
        var plan = ActionTable.Plan(tool, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!, "emulator");

        Assert.Equal(expected, string.Join(",", plan.Totals().Select(t => $"{t.Key}={t.Value}")));
    }

    [Fact]
    public void A_batch_step_keeps_its_origin_and_its_positions()
    {
        var plan = ActionTable.Plan(
            ToolNames.Batch,
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"actions":[{"action":"wait","ms":1},{"action":"drag","x":1,"y":2,"to_x":3,"to_y":4,"normalized":true}]}""")!,
            "lab");

        var drag = plan.Steps[1];
        Assert.Equal("actions[1]", drag.Origin);
        Assert.Equal([new PointerTarget("actions[1]", 1, 2, true), new PointerTarget("actions[1]", 3, 4, true)], drag.Targets);
        Assert.Equal(3, drag.Counts[0].Arguments["to_x"].GetDouble());
        Assert.Equal("left", drag.Counts[1].Arguments["button"].GetString());
    }

    [Fact]
    public void A_tool_without_a_mapping_cannot_be_planned()
    {
        Assert.False(ActionTable.Covers("nanokvm_wifi_join"));
        Assert.Empty(ActionTable.AlwaysCountsAs("nanokvm_wifi_join"));
        Assert.Throws<UnmappedToolException>(() => ActionTable.Plan("nanokvm_wifi_join", new Dictionary<string, JsonElement>(), "lab"));
    }

    private static async Task<Dictionary<string, Tool>> RealToolsAsync()
    {
        await using var mcp = await McpHarness.StartAsync();
        var tools = await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return tools.ToDictionary(t => t.Name, t => t.ProtocolTool, StringComparer.Ordinal);
    }

    /// <summary>A value for every argument the schema declares, so every argument a mapping could read is present.</summary>
    private static Dictionary<string, JsonElement> SampleArguments(JsonElement schema)
    {
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            var value = property.Name switch
            {
                "actions" => JsonSerializer.SerializeToElement(Enum.GetValues<BatchActionKind>().Select(k => new { action = JsonSerializer.SerializeToElement(k).GetString(), x = 1, y = 1, to_x = 2, to_y = 2, text = "t", key = "a", ms = 1, amount = 1, dx = 1 })),
                "keys" => JsonSerializer.SerializeToElement(new[] { "a", "Enter" }),
                "device" => JsonSerializer.SerializeToElement(" EMULATOR"),

                // The sample steps click_relative after move_relative, which a frame-bound batch rejects (BatchFrameBindingTests).
                "frame_id" => JsonSerializer.SerializeToElement<string?>(null),
                _ when property.Value.TryGetProperty("enum", out var options) => options.EnumerateArray().First(o => o.ValueKind != JsonValueKind.Null),
                _ => Sample(property.Value.GetProperty("type")),
            };
            arguments[property.Name] = value;
        }

        return arguments;
    }

    private static JsonElement Sample(JsonElement type)
    {
        var name = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().First(t => t.GetString() != "null").GetString() : type.GetString();
        return name switch
        {
            "string" => JsonSerializer.SerializeToElement("x"),
            "integer" => JsonSerializer.SerializeToElement(1),
            "number" => JsonSerializer.SerializeToElement(0.5),
            "boolean" => JsonSerializer.SerializeToElement(true),
            _ => throw new InvalidOperationException($"no sample for type {name}"),
        };
    }
}
