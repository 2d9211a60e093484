using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

/// <summary>What tools/list promises: names, annotations, schemas. Adding a tool means adding its row here.</summary>
public sealed class ToolCatalogTests
{
    // name → (readOnly, destructive, idempotent, openWorld)
    private static readonly Dictionary<string, (bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)> Expected = new()
    {
        ["nanokvm_info"] = (true, false, true, false),
        ["nanokvm_list_devices"] = (true, false, true, false),
        ["nanokvm_hardware"] = (true, false, true, false),
        ["nanokvm_power"] = (false, true, false, false),
        ["nanokvm_power_cycle"] = (false, true, false, false),
        ["nanokvm_led_status"] = (true, false, true, false),
        ["nanokvm_wake_on_lan"] = (false, false, true, false),
        ["nanokvm_list_images"] = (true, false, true, false),
        ["nanokvm_mounted_image"] = (true, false, true, false),
        ["nanokvm_mount_iso"] = (false, true, true, false),
        ["nanokvm_unmount_iso"] = (false, true, true, false),
        ["nanokvm_delete_image"] = (false, true, true, false),
        ["nanokvm_download_image"] = (false, false, false, true),
        ["nanokvm_download_status"] = (true, false, true, false),
        ["nanokvm_cancel_download"] = (false, true, true, false),
        ["nanokvm_screenshot"] = (true, false, true, false),
        ["nanokvm_wait_for_change"] = (true, false, true, false),
        ["nanokvm_wait_for_stable"] = (true, false, true, false),
        ["nanokvm_hdmi_status"] = (true, false, true, false),
        ["nanokvm_read_text"] = (true, false, true, false),
        ["nanokvm_find_text"] = (true, false, true, false),
        ["nanokvm_wait_for_text"] = (true, false, true, false),
        ["nanokvm_click_text"] = (false, true, false, false),
        ["nanokvm_hdmi_reset"] = (false, false, true, false),
        ["nanokvm_screen_settings"] = (false, false, true, false),
        ["nanokvm_send_text"] = (false, true, false, false),
        ["nanokvm_type_text"] = (false, true, false, false),
        ["nanokvm_send_key"] = (false, true, false, false),
        ["nanokvm_press_keys"] = (false, true, false, false),
        ["nanokvm_keyboard_leds"] = (true, false, true, false),
        ["nanokvm_move"] = (false, false, true, false),
        ["nanokvm_click"] = (false, true, false, false),
        ["nanokvm_tap"] = (false, true, false, false),
        ["nanokvm_double_click"] = (false, true, false, false),
        ["nanokvm_drag"] = (false, true, false, false),
        ["nanokvm_scroll"] = (false, false, false, false),
        ["nanokvm_move_relative"] = (false, false, false, false),
        ["nanokvm_click_relative"] = (false, true, false, false),
        ["nanokvm_drag_relative"] = (false, true, false, false),
        ["nanokvm_batch"] = (false, true, false, false),
        ["nanokvm_release_all"] = (false, false, true, false),
        ["nanokvm_reset_hid"] = (false, true, true, false),
        ["nanokvm_lease"] = (false, false, true, false),
    };

    // Tools that work on the server's configuration only and so take no "device".
    private static readonly HashSet<string> Deviceless = ["nanokvm_list_devices"];

    [Fact]
    public async Task ToolList_IsExactlyTheExpectedTools()
    {
        await using var mcp = await McpHarness.StartAsync();

        var tools = await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryTool_DeclaresAllFourAnnotationsAccurately()
    {
        await using var mcp = await McpHarness.StartAsync();

        var tools = await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        foreach (var tool in tools)
        {
            var annotations = tool.ProtocolTool.Annotations;
            Assert.NotNull(annotations);
            var expected = Expected[tool.Name];
            Assert.True(expected.ReadOnly == annotations.ReadOnlyHint, $"{tool.Name} readOnlyHint");
            Assert.True(expected.Destructive == annotations.DestructiveHint, $"{tool.Name} destructiveHint");
            Assert.True(expected.Idempotent == annotations.IdempotentHint, $"{tool.Name} idempotentHint");
            Assert.True(expected.OpenWorld == annotations.OpenWorldHint, $"{tool.Name} openWorldHint");
            Assert.False(string.IsNullOrWhiteSpace(annotations.Title), $"{tool.Name} title");
        }
    }

    [Fact]
    public async Task EveryTool_HasADescription_AndEveryParameterIsDescribed()
    {
        await using var mcp = await McpHarness.StartAsync();

        var tools = await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            var properties = tool.JsonSchema.GetProperty("properties");
            foreach (var parameter in properties.EnumerateObject())
            {
                Assert.True(parameter.Value.TryGetProperty("description", out var d) && d.GetString()!.Length > 10, $"{tool.Name}.{parameter.Name} has no description");
            }

            Assert.Equal(!Deviceless.Contains(tool.Name), properties.TryGetProperty("device", out _));
        }
    }

    [Fact]
    public async Task Server_IdentifiesItself_AndTeachesTheAgent()
    {
        await using var mcp = await McpHarness.StartAsync();

        Assert.Equal("nanokvm", mcp.Client.ServerInfo?.Name);
        var instructions = mcp.Client.ServerInstructions;
        Assert.NotNull(instructions);
        Assert.Contains("screenshot first", instructions, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("relative", instructions, StringComparison.Ordinal);
        Assert.Contains("Unmount", instructions, StringComparison.Ordinal);
        Assert.Contains("clearly asked", instructions, StringComparison.Ordinal);
        Assert.Contains("different machines", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StructuredTools_DeclareAnOutputSchema()
    {
        await using var mcp = await McpHarness.StartAsync();

        var tools = await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Tool info = tools.Single(t => t.Name == "nanokvm_info").ProtocolTool;
        Assert.NotNull(info.OutputSchema);
        Assert.True(info.OutputSchema.Value.GetProperty("properties").TryGetProperty("firmware", out _));
    }
}
