using System.Text.Json.Serialization;

namespace NanoKvm.Client.Hid;

/// <summary><c>{"type","data"}</c> text message pushed on <c>/api/ws</c>; <c>data</c> is itself JSON, encoded as a string.</summary>
internal sealed record WsPush(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("data")] string? Data);

/// <summary>Keyboard LEDs as both <c>GET /api/hid/leds</c> and the <c>hid-led-status</c> push send them.</summary>
internal sealed record LedWire(
    [property: JsonPropertyName("numLock")] bool NumLock,
    [property: JsonPropertyName("capsLock")] bool CapsLock,
    [property: JsonPropertyName("scrollLock")] bool ScrollLock,
    [property: JsonPropertyName("known")] bool Known,
    [property: JsonPropertyName("updatedAt")] string? UpdatedAt);

internal sealed record CaptureStatusWire(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("result")] int Result,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("mode")] string? Mode,
    [property: JsonPropertyName("severity")] string? Severity,
    [property: JsonPropertyName("updatedAt")] string? UpdatedAt);

/// <summary><c>POST /api/hid/paste</c> body; <c>langue</c> is the device's own spelling.</summary>
internal sealed record PasteRequest(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("langue")] string Langue);

[JsonSerializable(typeof(WsPush))]
[JsonSerializable(typeof(LedWire))]
[JsonSerializable(typeof(CaptureStatusWire))]
[JsonSerializable(typeof(PasteRequest))]
internal sealed partial class HidJsonContext : JsonSerializerContext;
