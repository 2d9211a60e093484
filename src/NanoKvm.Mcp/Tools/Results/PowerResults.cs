using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What a power button press did.</summary>
internal sealed record PowerPressResult(
    [property: Description("Device used.")] string Device,
    [property: Description("The action performed: power, power_long, reset, or power_cycle.")] string Action,
    [property: Description("How long the button was held, in milliseconds (for power_cycle: the off time).")] int DurationMs,
    [property: Description("The target's power LED right after the press, or null when it could not be read. Reads false when the LED is not wired to the KVM.")] bool? PowerLedOn,
    [property: Description("What happened, in words.")] string Message);

/// <summary>The target's front-panel LEDs.</summary>
internal sealed record LedStatusResult(
    [property: Description("Device used.")] string Device,
    [property: Description("Power LED lit (target on). False also when the LED header is not wired to the KVM.")] bool PowerOn,
    [property: Description("HDD activity LED lit; only Alpha hardware reads it.")] bool HddActive,
    [property: Description("How far to trust the readings.")] string Note);

/// <summary>A Wake-on-LAN packet sent.</summary>
internal sealed record WakeOnLanResult(
    [property: Description("Device used.")] string Device,
    [property: Description("MAC address the magic packet was sent to.")] string Mac,
    [property: Description("What happened, in words.")] string Message);
