using System.Text.Json.Serialization;

namespace NanoKvm.Mcp.Tools.Arguments;

/// <summary>Capture output resolutions the device offers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResolutionName>))]
internal enum ResolutionName
{
    [JsonStringEnumMemberName("auto")]
    Auto,

    [JsonStringEnumMemberName("640x480")]
    R640x480,

    [JsonStringEnumMemberName("800x600")]
    R800x600,

    [JsonStringEnumMemberName("1280x720")]
    R1280x720,

    [JsonStringEnumMemberName("1920x1080")]
    R1920x1080,
}
