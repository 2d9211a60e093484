using System.Text.Json.Serialization;

namespace NanoKvm.Client.Power;

/// <summary>Body of <c>POST /api/vm/gpio</c>.</summary>
internal sealed record GpioPressRequest(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("duration")] long Duration);

/// <summary>Body of <c>POST /api/network/wol</c>.</summary>
internal sealed record WakeOnLanRequest([property: JsonPropertyName("mac")] string Mac);
