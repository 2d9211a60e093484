using System.Text.Json.Serialization;

namespace NanoKvm.Mcp.Tools.Arguments;

/// <summary>Mouse buttons as tools name them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MouseButtonName>))]
internal enum MouseButtonName
{
    [JsonStringEnumMemberName("left")]
    Left,

    [JsonStringEnumMemberName("right")]
    Right,

    [JsonStringEnumMemberName("middle")]
    Middle,

    [JsonStringEnumMemberName("back")]
    Back,

    [JsonStringEnumMemberName("forward")]
    Forward,
}
