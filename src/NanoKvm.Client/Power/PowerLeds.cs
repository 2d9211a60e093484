using System.Text.Json.Serialization;

namespace NanoKvm.Client.Power;

/// <summary>The host's front-panel LEDs as the NanoKVM reads them (<c>GET /api/vm/gpio</c>).</summary>
public sealed class PowerLeds
{
    /// <summary>
    /// True while the power LED is lit, i.e. the host is on. Reads false when the LED header is not wired to the
    /// KVM, whatever the host does.
    /// </summary>
    [JsonPropertyName("pwr")]
    public bool PowerOn { get; init; }

    /// <summary>
    /// True while the HDD activity LED is lit. Only Alpha hardware has this input; on Beta and PCIe units it is
    /// always false.
    /// </summary>
    [JsonPropertyName("hdd")]
    public bool HddActive { get; init; }
}
