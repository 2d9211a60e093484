using System.Text.Json.Serialization;

namespace NanoKvm.Client.Device;

internal sealed record HardwareReply([property: JsonPropertyName("version")] string? Version);

internal sealed record HidModeMessage([property: JsonPropertyName("mode")] string? Mode);

internal sealed record PasswordStateReply([property: JsonPropertyName("isUpdated")] bool IsUpdated);
