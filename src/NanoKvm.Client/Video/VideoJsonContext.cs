using System.Text.Json.Serialization;
using NanoKvm.Client.Device;

namespace NanoKvm.Client.Video;

[JsonSerializable(typeof(ScreenSettingRequest))]
[JsonSerializable(typeof(FrameDetectionRequest))]
[JsonSerializable(typeof(FrameDetectionPauseRequest))]
[JsonSerializable(typeof(FrameDetectionReply))]
[JsonSerializable(typeof(HdmiIdleTimeoutRequest))]
[JsonSerializable(typeof(H264JsonFrame))]
[JsonSerializable(typeof(HdmiState))]
internal sealed partial class VideoJsonContext : JsonSerializerContext;

/// <summary>Body of <c>POST /api/vm/screen</c>.</summary>
internal sealed record ScreenSettingRequest([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("value")] int Value);

/// <summary>Body of <c>POST /api/stream/mjpeg/detect</c>.</summary>
internal sealed record FrameDetectionRequest([property: JsonPropertyName("enabled")] bool Enabled);

/// <summary>Data of <c>GET</c> and <c>POST /api/stream/mjpeg/detect</c> on firmware 2.2.0–2.2.2 (the state after the call).</summary>
internal sealed record FrameDetectionReply([property: JsonPropertyName("enabled")] bool Enabled);

/// <summary>Body of <c>POST /api/stream/mjpeg/detect/stop</c>.</summary>
internal sealed record FrameDetectionPauseRequest([property: JsonPropertyName("duration")] int Duration);

/// <summary>Body of <c>POST /api/vm/hdmi/timeout</c>.</summary>
internal sealed record HdmiIdleTimeoutRequest([property: JsonPropertyName("minutes")] int Minutes);

/// <summary>A direct H.264 message on firmware 2.2.7–2.2.9.</summary>
internal sealed class H264JsonFrame
{
    [JsonPropertyName("isKeyFrame")]
    public bool IsKeyFrame { get; init; }

    [JsonPropertyName("data")]
    public string? Data { get; init; }

    [JsonPropertyName("timestamp")]
    public long Timestamp { get; init; }
}
