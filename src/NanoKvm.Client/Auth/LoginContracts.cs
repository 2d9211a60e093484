using System.Text.Json.Serialization;

namespace NanoKvm.Client.Auth;

internal sealed record LoginRequest(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password);

internal sealed record LoginData([property: JsonPropertyName("token")] string? Token);

[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginData))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
