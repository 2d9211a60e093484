using System.Text.Json.Serialization;

namespace NanoKvm.Client.Device;

/// <summary>What <c>GET /api/vm/info</c> reports about the NanoKVM itself.</summary>
public sealed class DeviceInfo
{
    /// <summary>Network addresses of the device (older firmware reports a single <c>ip</c>, surfaced here as one entry).</summary>
    [JsonIgnore]
    public IReadOnlyList<DeviceAddress> Addresses =>
        ReportedAddresses ?? (string.IsNullOrEmpty(LegacyAddress) ? [] : [new DeviceAddress { Address = LegacyAddress }]);

    [JsonPropertyName("ips")]
    [JsonInclude]
    internal IReadOnlyList<DeviceAddress>? ReportedAddresses { get; init; }

    // Firmware before ~2.2.6 reports one address as "ip".
    [JsonPropertyName("ip")]
    [JsonInclude]
    internal string? LegacyAddress { get; init; }

    /// <summary>The mDNS name (e.g. <c>kvm-1234.local</c>), or empty when mDNS is off.</summary>
    [JsonPropertyName("mdns")]
    public string Mdns { get; init; } = string.Empty;

    /// <summary>The system image version (e.g. <c>v1.4.1</c>).</summary>
    [JsonPropertyName("image")]
    public string Image { get; init; } = string.Empty;

    /// <summary>The application (firmware) version text, e.g. <c>2.5.0</c>.</summary>
    [JsonPropertyName("application")]
    public string Application { get; init; } = string.Empty;

    /// <summary>
    /// NanoKVM-Pro only: the part number, the last token of the HDMI bridge's version string (e.g. <c>NxaL01507</c>),
    /// trimmed; null on a Cube.
    /// </summary>
    [JsonIgnore]
    public string? PartNumber => ReportedPartNumber?.Trim();

    [JsonPropertyName("pn")]
    [JsonInclude]
    internal string? ReportedPartNumber { get; init; }

    /// <summary>NanoKVM-Pro only: the kernel architecture (<c>aarch64</c>); null on a Cube.</summary>
    [JsonPropertyName("arch")]
    public string? Architecture { get; init; }

    /// <summary>The device key. It identifies the unit to Sipeed's services; treat it as a secret.</summary>
    [JsonPropertyName("deviceKey")]
    public string DeviceKey { get; init; } = string.Empty;
}

/// <summary>One network address of the device.</summary>
public sealed class DeviceAddress
{
    /// <summary>Interface name, e.g. <c>eth0</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>The address.</summary>
    [JsonPropertyName("addr")]
    public string Address { get; init; } = string.Empty;

    /// <summary>Address family as reported, e.g. <c>IPv4</c>.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    /// <summary><c>Wired</c> or <c>Wireless</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;
}
