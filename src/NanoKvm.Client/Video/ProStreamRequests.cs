using System.Text.Json.Serialization;

namespace NanoKvm.Client.Video;

internal sealed record StreamModeRequest([property: JsonPropertyName("mode")] string Mode);

internal sealed record StreamQualityRequest([property: JsonPropertyName("quality")] int Quality);

internal sealed record StreamFpsRequest([property: JsonPropertyName("fps")] int Fps);

internal sealed record StreamGopRequest([property: JsonPropertyName("gop")] int Gop);

[JsonSerializable(typeof(StreamModeRequest))]
[JsonSerializable(typeof(StreamQualityRequest))]
[JsonSerializable(typeof(StreamFpsRequest))]
[JsonSerializable(typeof(StreamGopRequest))]
internal sealed partial class ProStreamJsonContext : JsonSerializerContext;
