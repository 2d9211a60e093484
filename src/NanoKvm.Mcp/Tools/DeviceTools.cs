using System.ComponentModel;
using ModelContextProtocol.Server;
using NanoKvm.Client;
using NanoKvm.Client.Device;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>The KVM itself: which devices there are and what they report about themselves.</summary>
[McpServerToolType]
internal sealed class DeviceTools(DeviceRegistry registry)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(8);

    [McpServerTool(Name = "nanokvm_info", Title = "KVM device information",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads information about the NanoKVM itself (not the target computer): model (cube or pro), firmware and " +
        "image versions, network addresses and mDNS name. The device key is deliberately not returned.")]
    public async Task<DeviceInfoResult> InfoAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var info = await kvm.Client.Device.GetInfoAsync(cancellationToken);
        kvm.KnownFirmware = info.Application;
        var firmware = await kvm.Client.GetFirmwareAsync(cancellationToken);
        return new DeviceInfoResult(
            kvm.Name,
            kvm.Definition.Address.ToString(),
            info.Application,
            info.Image,
            info.Mdns,
            [.. info.Addresses.Select(a => new NetworkAddressResult(a.Name, a.Address, a.Version, a.Type))],
            firmware.Model == DeviceModel.Pro ? "pro" : "cube",
            info.PartNumber);
    }

    [McpServerTool(Name = "nanokvm_hardware", Title = "KVM hardware generation",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads the NanoKVM's hardware generation (Alpha, Beta, PCIe, or Pro for a NanoKVM-Pro/Desk/ATX). Only Alpha " +
        "reads the target's HDD LED; only PCIe and Pro can switch HDMI capture off.")]
    public async Task<HardwareResult> HardwareAsync(
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var hardware = await kvm.Client.Device.GetHardwareAsync(cancellationToken);
        return new HardwareResult(kvm.Name, hardware.Raw, hardware.Version switch
        {
            HardwareVersion.Alpha => "alpha",
            HardwareVersion.Beta => "beta",
            HardwareVersion.Pcie => "pcie",
            HardwareVersion.Pro => "pro",
            _ => "unknown",
        });
    }

    [McpServerTool(Name = "nanokvm_list_devices", Title = "List configured NanoKVMs",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the NanoKVM devices this server can drive: the names to pass as \"device\", their addresses, " +
        "which one is the default, and the firmware version when known. With probe=true it contacts every device " +
        "(login and version check) and reports which are reachable.")]
    public async Task<DeviceListResult> ListDevicesAsync(
        [Description("Contact each device now to check it is reachable and read its firmware version (default false: configuration only).")]
        bool probe = false,
        CancellationToken cancellationToken = default)
    {
        var entries = await Task.WhenAll(registry.Devices.Select(d => DescribeAsync(d, probe, cancellationToken)));
        return new DeviceListResult(registry.Default.Name, entries);
    }

    private static async Task<DeviceEntryResult> DescribeAsync(KvmDevice device, bool probe, CancellationToken cancellationToken)
    {
        bool? reachable = null;
        string? error = null;
        if (probe)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                // A real round trip every time: a cached login or firmware would say nothing about reachability now.
                var info = await device.Client.Device.GetInfoAsync(timeout.Token);
                device.KnownFirmware = info.Application;
                reachable = true;
            }
            catch (Exception e) when (e is NanoKvmException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                reachable = false;
                error = ToolErrorFilter.Describe(e, "probe", device.Name);
            }
        }

        return new DeviceEntryResult(
            device.Name,
            device.Definition.Address.ToString(),
            device.IsDefault,
            device.Definition.IsEmulator,
            device.KnownFirmware,
            reachable,
            error);
    }
}
