using System.Text.Json.Serialization;

namespace NanoKvm.Client.Device;

/// <summary>What <c>GET /api/vm/hdmi</c> reports about HDMI capture.</summary>
public sealed class HdmiState
{
    /// <summary>False when HDMI capture was switched off with <see cref="DeviceClient.DisableHdmiAsync"/> (persisted on the device).</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    /// <summary>
    /// Whether an HDMI signal arrives (only true while capture is enabled). Null when the firmware does not report it
    /// (before 2.5.1).
    /// </summary>
    [JsonPropertyName("signal")]
    public bool? Signal { get; init; }

    /// <summary>
    /// Capture stops after this long without any viewer and restarts (with a ~1 s warm-up) when one connects;
    /// <see cref="TimeSpan.Zero"/> = never. Null when the firmware has no idle timeout (before 2.5.0).
    /// </summary>
    [JsonIgnore]
    public TimeSpan? IdleTimeout => IdleTimeoutMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null;

    [JsonPropertyName("idleTimeout")]
    [JsonInclude]
    internal int? IdleTimeoutMinutes { get; init; }
}
