using System.Text.Json;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Storage;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

/// <summary>
/// Every registered tool's results, on the paths where fields do not apply (nothing mounted, no coordinates, a
/// firmware without the field, a partial batch, a timeout that is an answer), validate against the output schema
/// the tool declares — with a real JSON Schema validator, closed to undeclared fields. The list of tools comes from
/// the server, so a new tool without a situation here fails <see cref="EveryRegisteredTool_IsCalledInSomeSituation"/>.
/// </summary>
public sealed class OutputSchemaTests
{
    private const string Ubuntu = "/data/ubuntu-24.04-live-server-amd64.iso";

    private static readonly Dictionary<string, Step[]> Situations = new()
    {
        ["2.5.1"] =
        [
            new("nanokvm_list_devices", "configuration only", new { }),
            new("nanokvm_list_devices", "probed, one device unreachable", new { probe = true }),
            new("nanokvm_info", "default device", new { }),
            new("nanokvm_hardware", "default device", new { }),
            new("nanokvm_list_images", "nothing mounted", new { }),
            new("nanokvm_mounted_image", "nothing mounted", new { }),
            new("nanokvm_unmount_iso", "nothing mounted", new { }),
            new("nanokvm_mount_iso", "nothing mounted before", new { file = Ubuntu }),
            new("nanokvm_mount_iso", "replacing, as a disk", new { file = "memtest86-usb.img", as_cdrom = false }),
            new("nanokvm_list_images", "an image mounted", new { }),
            new("nanokvm_mounted_image", "an image mounted", new { }),
            new("nanokvm_unmount_iso", "an image mounted", new { }),
            new("nanokvm_delete_image", "an unmounted image", new { file = "memtest86-usb.img" }),
            new("nanokvm_download_status", "never downloaded", new { }),
            new("nanokvm_download_image", "succeeds", new { url = "http://example.invalid/tiny.iso" }),
            new("nanokvm_download_status", "after a download", new { }),
            new("nanokvm_download_image", "fails", new { url = "http://example.invalid/broken.iso" }, Before: m => m.Emulator.Storage.NextDownloadOutcome = DownloadOutcome.Failure),
            new("nanokvm_download_image", "started, not awaited", new { url = "http://example.invalid/later.iso", wait_seconds = 0 }),
            new("nanokvm_cancel_download", "after a download", new { }, MayFail: true),
            new("nanokvm_click", "no coordinates", new { }),
            new("nanokvm_double_click", "no coordinates", new { button = "right" }),
            new("nanokvm_move", "pixels before any screenshot", new { x = 100, y = 100 }),
            new("nanokvm_move", "normalized", new { x = 0.5, y = 0.5, normalized = true }),
            new("nanokvm_scroll", "wheel", new { amount = -3 }),
            new("nanokvm_move_relative", "relative", new { dx = 20, dy = 20 }),
            new("nanokvm_click_relative", "relative", new { button = "right", double_click = true }),
            new("nanokvm_drag_relative", "relative", new { dx = 5, dy = -5 }),
            new("nanokvm_screenshot", "full frame", new { }),
            new("nanokvm_screenshot", "cropped", new { crop_x = 0.1, crop_y = 0.1, crop_width = 0.3, crop_height = 0.3, normalized = true, max_width = 200 }),
            new("nanokvm_screenshot", "full frame again", new { }),
            new("nanokvm_click", "at pixels", new { x = 10, y = 10 }),
            new("nanokvm_tap", "at pixels", new { x = 20, y = 20 }),
            new("nanokvm_double_click", "at pixels", new { x = 30, y = 30 }),
            new("nanokvm_drag", "pixels", new { x = 40, y = 40, to_x = 80, to_y = 80 }),
            new("nanokvm_wait_for_change", "timeout, no screenshot", new { timeout_ms = 200, screenshot = false }),
            new("nanokvm_wait_for_change", "timeout, with screenshot", new { timeout_ms = 200, max_width = 200, max_height = 200 }),
            new("nanokvm_wait_for_stable", "stable", new { stable_ms = 100, timeout_ms = 5000 }),
            new("nanokvm_wait_for_stable", "no screenshot", new { stable_ms = 100, timeout_ms = 5000, screenshot = false }),
            new("nanokvm_hdmi_status", "signal reported", new { }),
            new("nanokvm_read_text", "whole screen", new { }),
            new("nanokvm_read_text", "region", new { crop_x = 0.0, crop_y = 0.0, crop_width = 1.0, crop_height = 0.2, normalized = true }),
            new("nanokvm_find_text", "found", new { text = "Network" }, Before: m => m.Emulator.Host.Screen.Scene = NanoKvm.Emulator.Host.Screen.ScreenScene.BiosSetup),
            new("nanokvm_find_text", "not found", new { regex = "Install(ation)? complete" }),
            new("nanokvm_wait_for_text", "found", new { text = "Network", timeout_ms = 20_000 }, Before: m => m.Emulator.Host.Screen.Scene = NanoKvm.Emulator.Host.Screen.ScreenScene.BiosSetup),
            new("nanokvm_wait_for_text", "timed out", new { text = "never on screen", timeout_ms = 300 }),
            new("nanokvm_click_text", "clicked", new { text = "Network", verify_change_ms = 200 }, Before: m => m.Emulator.Host.Screen.Scene = NanoKvm.Emulator.Host.Screen.ScreenScene.BiosSetup),
            new("nanokvm_hdmi_reset", "signal reported", new { }),
            new("nanokvm_hdmi_status", "no signal", new { }, Before: m => m.Emulator.Host.Screen.HasSignal = false),
            new("nanokvm_screen_settings", "fps", new { fps = 30 }, Before: m => m.Emulator.Host.Screen.HasSignal = true),
            new("nanokvm_send_text", "paste", new { text = "paste me" }),
            new("nanokvm_send_text", "key by key, a skipped character", new { text = "£ ✓", language = "uk" }),
            new("nanokvm_type_text", "safe", new { text = "safe" }),
            new("nanokvm_type_text", "fast", new { text = "fast", speed = "fast" }),
            new("nanokvm_send_key", "chord", new { key = "Delete", ctrl = true, alt = true }),
            new("nanokvm_press_keys", "held", new { keys = new[] { "Up", "Enter" }, hold_ms = 10 }),
            new("nanokvm_keyboard_leds", "LEDs", new { }),
            new("nanokvm_release_all", "nothing held", new { }),
            new("nanokvm_lease", "status while this client holds it", new { }),
            new("nanokvm_lease", "released (holder and expiry null)", new { action = "release" }),
            new("nanokvm_lease", "acquired", new { action = "acquire" }),
            new("nanokvm_batch", "every step succeeds", new { actions = new object[] { new { action = "click" }, new { action = "type", text = "ok" }, new { action = "wait", ms = 5 } } }),
            new("nanokvm_reset_hid", "admin", new { }),
            new("nanokvm_led_status", "default", new { }),
            new("nanokvm_power", "short press", new { action = "power" }),
            new("nanokvm_power_cycle", "no off time", new { off_duration_ms = 0 }),
            new("nanokvm_wake_on_lan", "MAC", new { mac = "52:54:00:12:34:56" }),
        ],
        ["2.4.x"] =
        [
            new("nanokvm_hdmi_status", "signal and idle timeout not reported", new { }),
            new("nanokvm_hdmi_reset", "signal not reported", new { }),
            new("nanokvm_mounted_image", "nothing mounted", new { }),
            new("nanokvm_download_status", "never downloaded", new { }),
        ],
        ["2.2.x"] =
        [
            new("nanokvm_mount_iso", "no CD-ROM mode reported", new { file = Ubuntu }),
            new("nanokvm_mounted_image", "CD-ROM mode unknown", new { }),
            new("nanokvm_hdmi_status", "old firmware", new { }),
            new("nanokvm_batch", "a step fails part-way", new { actions = new object[] { new { action = "key", key = "a" }, new { action = "click", button = "back" }, new { action = "key", key = "b" } } }),
            new("nanokvm_download_status", "no download API", new { }, MayFail: true),
        ],
    };

    public static TheoryData<string> Profiles() => [.. Situations.Keys];

    [Fact]
    public async Task EveryRegisteredTool_IsCalledInSomeSituation()
    {
        await using var mcp = await McpHarness.StartAsync();

        var registered = (await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Select(t => t.Name).ToHashSet();
        var covered = Situations.Values.SelectMany(s => s).Select(s => s.Tool).ToHashSet();

        Assert.True(registered.IsSubsetOf(covered), "tools without a situation here: " + string.Join(", ", registered.Except(covered).Order()));
        Assert.True(covered.IsSubsetOf(registered), "situations for tools that do not exist: " + string.Join(", ", covered.Except(registered).Order()));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task EveryResult_ValidatesAgainstItsToolsOutputSchema(string profile)
    {
        await using var mcp = await McpHarness.StartAsync(
            FirmwareProfile.Parse(profile),
            extraDevices: [new DeviceDefinitionSpec("offline", new Uri("http://127.0.0.1:1/")) { RequestTimeout = TimeSpan.FromSeconds(2) }]);
        var tools = (await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).ToDictionary(t => t.Name, t => t.ProtocolTool);
        var problems = new List<string>();
        var validated = 0;

        foreach (var step in Situations[profile])
        {
            step.Before?.Invoke(mcp);
            var arguments = JsonSerializer.SerializeToElement(step.Args).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            var result = await mcp.Client.CallToolAsync(step.Tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
            var at = $"{step.Tool} ({step.Situation})";
            if (result.IsError is true)
            {
                if (!step.MayFail)
                {
                    problems.Add($"{at} failed: {result.Text()}");
                }

                continue;
            }

            if (result.StructuredContent is not { } structured)
            {
                problems.Add($"{at} returned no structured content");
                continue;
            }

            problems.AddRange(OutputSchemaCheck.Problems(tools[step.Tool].OutputSchema!.Value, structured).Select(p => $"{at}: {p}"));
            validated++;
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(validated >= Situations[profile].Count(s => !s.MayFail), $"only {validated} results were validated");
    }

    [Fact]
    public async Task TheCheck_RejectsDocumentsThatDoNotMatch()
    {
        await using var mcp = await McpHarness.StartAsync();
        var tools = (await mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).ToDictionary(t => t.Name, t => t.ProtocolTool);
        var schema = tools["nanokvm_mounted_image"].OutputSchema!.Value;
        static JsonElement Doc(string json) => JsonDocument.Parse(json).RootElement.Clone();

        Assert.Empty(OutputSchemaCheck.Problems(schema, Doc("""{"device":"d","file":null,"mounted":false,"as_cdrom":null}""")));

        // What the server wrote before nulls were written: the TypeScript client rejected exactly this.
        Assert.Contains(OutputSchemaCheck.Problems(schema, Doc("""{"device":"d","mounted":false}""")), p => p.Contains("required", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(OutputSchemaCheck.Problems(schema, Doc("""{"device":"d","file":null,"mounted":null,"as_cdrom":null}""")));
        Assert.NotEmpty(OutputSchemaCheck.Problems(schema, Doc("""{"device":"d","file":3,"mounted":false,"as_cdrom":null}""")));
        Assert.NotEmpty(OutputSchemaCheck.Problems(schema, Doc("""{"device":"d","file":null,"mounted":false,"as_cdrom":null,"extra":1}""")));
        Assert.Empty(OutputSchemaCheck.Problems(schema, Doc("""{"device":"d","file":null,"mounted":false,"as_cdrom":null,"extra":1}"""), closed: false));

        // Formats are validated, as ajv-formats does in the TypeScript client.
        var screenshot = tools["nanokvm_screenshot"].OutputSchema!.Value;
        const string Shot = """{"device":"d","width":1,"height":1,"scale":1,"screen_width":1,"screen_height":1,"region":[0,0,1,1],"reencoded":false,"captured_at":"CAPTURED","frame_id":"f1"}""";
        Assert.Empty(OutputSchemaCheck.Problems(screenshot, Doc(Shot.Replace("CAPTURED", "2026-12-01T10:00:00.1234567+00:00", StringComparison.Ordinal))));
        Assert.NotEmpty(OutputSchemaCheck.Problems(screenshot, Doc(Shot.Replace("CAPTURED", "yesterday", StringComparison.Ordinal))));
    }

    /// <summary>One call: a tool in a situation, with optional emulator set-up before it.</summary>
    private sealed record Step(string Tool, string Situation, object Args, Action<McpHarness>? Before = null, bool MayFail = false);
}
