using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Server;
using NanoKvm.Client;
using NanoKvm.Client.Power;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Tools.Arguments;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>The target's ATX power and reset buttons, its LEDs, and Wake-on-LAN.</summary>
[McpServerToolType]
internal sealed class PowerTools(DeviceRegistry registry)
{
    [McpServerTool(Name = "nanokvm_power", Title = "Press the target's power or reset button",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Presses the TARGET computer's ATX button through the KVM. action=power: short press (800 ms) that " +
        "switches an off computer on or asks a running OS to shut down; power_long: 5 s hold that forces it off " +
        "(unsaved work is lost); reset: immediate hard reboot. Only use when the user clearly asked for it.")]
    public async Task<PowerPressResult> PowerAsync(
        [Description("power (short press), power_long (5 s hold: force off) or reset (hard reboot).")] PowerAction action = PowerAction.Power,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var power = kvm.Client.Power;
        (TimeSpan duration, string message) = action switch
        {
            PowerAction.Power => (PowerClient.DefaultPressDuration, "Pressed the power button briefly: an off target switches on; a running OS is asked to shut down."),
            PowerAction.PowerLong => (PowerClient.DefaultForceOffDuration, "Held the power button to force the target off."),
            PowerAction.Reset => (PowerClient.DefaultPressDuration, "Pressed the reset button: the target reboots at once."),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown power action."),
        };
        switch (action)
        {
            case PowerAction.Power:
                await power.PressPowerAsync(duration, cancellationToken);
                break;
            case PowerAction.PowerLong:
                await power.ForceOffAsync(duration, cancellationToken);
                break;
            default:
                await power.ResetAsync(duration, cancellationToken);
                break;
        }

        return new PowerPressResult(kvm.Name, ActionName(action), (int)duration.TotalMilliseconds, await TryReadPowerLedAsync(power, cancellationToken), message);
    }

    [McpServerTool(Name = "nanokvm_power_cycle", Title = "Power-cycle the target",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Forces the TARGET computer off (5 s hold of its power button), waits off_duration_ms, then switches it " +
        "on again. Unsaved work on the target is lost. Only use when the user clearly asked for it.")]
    public async Task<PowerPressResult> PowerCycleAsync(
        [Description("How long the target stays off between the two presses, in milliseconds (0-600000; default 3000)."), Range(0, 600_000)]
        int off_duration_ms = 3000,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        if (off_duration_ms is < 0 or > 600_000)
        {
            throw new ArgumentOutOfRangeException(nameof(off_duration_ms), off_duration_ms, "Must be between 0 and 600000 ms.");
        }

        var kvm = registry.Resolve(device);
        await ArgumentNames.RenameAsync(
            () => kvm.Client.Power.PowerCycleAsync(TimeSpan.FromMilliseconds(off_duration_ms), cancellationToken), "offTime", nameof(off_duration_ms));
        return new PowerPressResult(
            kvm.Name,
            "power_cycle",
            off_duration_ms,
            await TryReadPowerLedAsync(kvm.Client.Power, cancellationToken),
            $"Forced the target off, waited {off_duration_ms} ms, and pressed power to switch it on again.");
    }

    [McpServerTool(Name = "nanokvm_led_status", Title = "Read the target's power/HDD LEDs",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads the TARGET computer's power and HDD LEDs as wired to the KVM (power_on = the target is on). " +
        "If the power LED header is not connected it always reads off, so confirm with a screenshot.")]
    public async Task<LedStatusResult> LedStatusAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var leds = await kvm.Client.Power.GetLedsAsync(cancellationToken);
        return new LedStatusResult(
            kvm.Name,
            leds.PowerOn,
            leds.HddActive,
            "power_on reads false when the LED header is not wired to the KVM; hdd_active is only read by Alpha hardware.");
    }

    [McpServerTool(Name = "nanokvm_wake_on_lan", Title = "Wake a computer with Wake-on-LAN",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Makes the KVM broadcast a Wake-on-LAN magic packet on its network for the given MAC address, which " +
        "switches on a sleeping or off computer that has WoL enabled. Sending it twice does no harm.")]
    public async Task<WakeOnLanResult> WakeOnLanAsync(
        [Description("MAC address of the computer to wake: 12 hex digits, optionally separated by ':', '-' or '.', e.g. 52:54:00:12:34:56."), Length(12, 17)]
        string mac,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        await ArgumentNames.RenameAsync(() => kvm.Client.Power.WakeOnLanAsync(mac, cancellationToken), "macAddress", nameof(mac));
        return new WakeOnLanResult(kvm.Name, mac, "Magic packet sent. Booting takes a while: check with nanokvm_led_status or a screenshot.");
    }

    private static string ActionName(PowerAction action) => action switch
    {
        PowerAction.PowerLong => "power_long",
        PowerAction.Reset => "reset",
        _ => "power",
    };

    private static async Task<bool?> TryReadPowerLedAsync(PowerClient power, CancellationToken cancellationToken)
    {
        try
        {
            return (await power.GetLedsAsync(cancellationToken)).PowerOn;
        }
        catch (NanoKvmException)
        {
            // The press happened; an unreadable LED must not turn it into a failure.
            return null;
        }
    }
}
