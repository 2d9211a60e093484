using System.ComponentModel;

namespace NanoKvm.Mcp.Tools.Results;

/// <summary>What <c>nanokvm_info</c> returns: facts about the KVM itself (not the target computer).</summary>
internal sealed record DeviceInfoResult(
    [property: Description("Configured name of the device.")] string Device,
    [property: Description("Address the server talks to.")] string Address,
    [property: Description("Application (firmware) version reported by the KVM, e.g. 2.5.1.")] string Firmware,
    [property: Description("System image version of the KVM.")] string Image,
    [property: Description("mDNS name of the KVM, empty when off.")] string Mdns,
    [property: Description("Network addresses of the KVM.")] IReadOnlyList<NetworkAddressResult> Addresses,
    [property: Description("Device family: cube (NanoKVM Cube/PCIe/Lite, firmware 2.x) or pro (NanoKVM-Pro/Desk, firmware 1.x).")] string Model,
    [property: Description("NanoKVM-Pro part number (pn), null on a Cube.")] string? PartNumber);

/// <summary>One network address of the KVM.</summary>
internal sealed record NetworkAddressResult(
    [property: Description("Interface, e.g. eth0.")] string Interface,
    [property: Description("The address.")] string Address,
    [property: Description("IPv4 or IPv6.")] string Family,
    [property: Description("Wired or Wireless.")] string Type);
