using System.Collections.Concurrent;
using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>Counts how often each test tool really ran, to prove refused calls never reach the tool.</summary>
public sealed class ToolCallLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int this[string tool] => _counts.TryGetValue(tool, out var count) ? count : 0;

    public void Record(string tool) => _counts.AddOrUpdate(tool, 1, (_, count) => count + 1);
}

/// <summary>
/// Stand-ins with the real tools' names, argument names and annotations (issue 6), so the safety layer is tested
/// without depending on the MCP server branch. They do nothing but record that they ran.
/// </summary>
[McpServerToolType]
public sealed class SafetyTestTools(ToolCallLog log)
{
    [McpServerTool(Name = "nanokvm_click", Destructive = true), Description("Clicks a mouse button.")]
    public string Click(string button = "left", int? x = null, int? y = null, string? device = null) => Ran("nanokvm_click");

    [McpServerTool(Name = "nanokvm_move", Destructive = false, Idempotent = true), Description("Moves the pointer.")]
    public string Move(int x, int y, string? device = null) => Ran("nanokvm_move");

    [McpServerTool(Name = "nanokvm_mount_iso", Destructive = true), Description("Mounts an image.")]
    public string MountIso(string file, bool as_cdrom = true, string? device = null) => Ran("nanokvm_mount_iso");

    [McpServerTool(Name = "nanokvm_unmount_iso", Destructive = true), Description("Unmounts the image.")]
    public string UnmountIso(string? device = null) => Ran("nanokvm_unmount_iso");

    [McpServerTool(Name = "nanokvm_list_images", ReadOnly = true), Description("Lists images.")]
    public string ListImages(string? device = null) => Ran("nanokvm_list_images");

    [McpServerTool(Name = "nanokvm_mounted_image", ReadOnly = true), Description("Shows the mounted image.")]
    public string MountedImage(string? device = null) => Ran("nanokvm_mounted_image");

    [McpServerTool(Name = "nanokvm_power", Destructive = true), Description("Presses the power button.")]
    public string Power(string action, string? device = null) => Ran("nanokvm_power");

    [McpServerTool(Name = "nanokvm_power_cycle", Destructive = true), Description("Power-cycles the target.")]
    public string PowerCycle(int off_duration_ms = 5000, string? device = null) => Ran("nanokvm_power_cycle");

    [McpServerTool(Name = "nanokvm_screenshot", ReadOnly = true), Description("Takes a screenshot.")]
    public string Screenshot(int? max_width = null, int? max_height = null, int? quality = null, string? device = null) => Ran("nanokvm_screenshot");

    [McpServerTool(Name = "nanokvm_send_text", Destructive = true), Description("Types text.")]
    public string SendText(string text, string language = "us", string? device = null) => Ran("nanokvm_send_text");

    [McpServerTool(Name = "nanokvm_send_key", Destructive = true), Description("Presses a key.")]
    public string SendKey(string key, bool ctrl = false, bool shift = false, bool alt = false, bool meta = false, string? device = null) => Ran("nanokvm_send_key");

    [McpServerTool(Name = "nanokvm_info", ReadOnly = true), Description("Device information.")]
    public string Info(string? device = null) => Ran("nanokvm_info");

    [McpServerTool(Name = "nanokvm_led_status", ReadOnly = true), Description("Power and HDD LEDs.")]
    public string LedStatus(string? device = null) => Ran("nanokvm_led_status");

    [McpServerTool(Name = "nanokvm_hdmi_status", ReadOnly = true), Description("HDMI state.")]
    public string HdmiStatus(string? device = null) => Ran("nanokvm_hdmi_status");

    [McpServerTool(Name = "nanokvm_hdmi_reset", Destructive = false), Description("Resets HDMI; this stand-in always fails.")]
    public string HdmiReset(string? device = null)
    {
        Ran("nanokvm_hdmi_reset");
        throw new McpException("HDMI reset failed on the device");
    }

    [McpServerTool(Name = "nanokvm_tap", Destructive = true), Description("Left-clicks at a position.")]
    public string Tap(int x, int y, bool normalized = false, string? device = null) => Ran("nanokvm_tap");

    [McpServerTool(Name = "nanokvm_batch", Destructive = true), Description("Runs a list of input steps.")]
    public string Batch(JsonElement[] actions, string? device = null) => Ran("nanokvm_batch");

    /// <summary>A tool the server's action table does not describe: the safety layer must refuse it.</summary>
    [McpServerTool(Name = "nanokvm_wifi_join", Destructive = true), Description("Joins a Wi-Fi network.")]
    public string WifiJoin(string ssid, string password, string? device = null) => Ran("nanokvm_wifi_join");

    private string Ran(string tool)
    {
        log.Record(tool);
        return $"{tool} ran";
    }
}
