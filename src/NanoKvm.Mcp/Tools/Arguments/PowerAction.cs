using System.Text.Json.Serialization;

namespace NanoKvm.Mcp.Tools.Arguments;

/// <summary>The reference server's <c>nanokvm_power</c> actions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PowerAction>))]
internal enum PowerAction
{
    /// <summary>Short press of the power button (800 ms): switch on, or ask the OS to shut down.</summary>
    [JsonStringEnumMemberName("power")]
    Power,

    /// <summary>Long press (5 s): force the host off.</summary>
    [JsonStringEnumMemberName("power_long")]
    PowerLong,

    /// <summary>Press the reset button (800 ms): immediate reboot.</summary>
    [JsonStringEnumMemberName("reset")]
    Reset,
}
