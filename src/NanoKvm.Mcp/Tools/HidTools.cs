using System.ComponentModel;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>Recovery for the target's USB keyboard and mouse.</summary>
[McpServerToolType]
internal sealed class HidTools(DeviceRegistry registry)
{
    [McpServerTool(Name = "nanokvm_release_all", Title = "Release all keys and mouse buttons",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Releases every key and mouse button on the TARGET — use it when keys seem stuck (e.g. everything " +
        "types in capitals or as shortcuts) or a drag did not end.")]
    public async Task<KeyPressResult> ReleaseAllAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await kvm.Client.Keyboard.ReleaseAllAsync(cancellationToken);
        await kvm.Client.Mouse.ReleaseAllAsync(cancellationToken);
        return new KeyPressResult(kvm.Name, [], 0, "Released all keys and mouse buttons.");
    }

    // Destructive: the target sees its USB keyboard and mouse unplugged and re-enumerated, which is not an
    // "additive" update in MCP's sense (anything held or in progress on the target is interrupted).
    [McpServerTool(Name = "nanokvm_reset_hid", Title = "Reset the USB keyboard and mouse",
        ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Restarts the KVM's USB HID side: the TARGET sees its keyboard and mouse unplugged and plugged back, " +
        "which releases everything. Use it when input stopped working and nanokvm_release_all did not help. " +
        "Needs an admin account on multi-user firmware.")]
    public async Task<KeyPressResult> ResetHidAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await kvm.Client.Device.ResetHidAsync(cancellationToken);
        return new KeyPressResult(kvm.Name, [], 0, "The USB keyboard and mouse were reset; the target saw them re-plugged.");
    }
}
