using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What <c>nanokvm_list_devices</c> returns.</summary>
internal sealed record DeviceListResult(
    [property: Description("Name of the device used when a call names none.")] string DefaultDevice,
    [property: Description("Every configured device.")] IReadOnlyList<DeviceEntryResult> Devices);

/// <summary>One configured device.</summary>
internal sealed record DeviceEntryResult(
    [property: Description("Name to pass as the \"device\" argument.")] string Name,
    [property: Description("Device address.")] string Address,
    [property: Description("True for the default device.")] bool IsDefault,
    [property: Description("True for the built-in emulator (no real hardware).")] bool IsEmulator,
    [property: Description("Firmware version, when known (always read when probe=true).")] string? Firmware,
    [property: Description("Result of the probe: true reachable and logged in, false failed, null not probed.")] bool? Reachable,
    [property: Description("Why the probe failed, when it did.")] string? Error);
