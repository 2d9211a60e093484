using System.Text.Json.Serialization;

namespace NanoKvm.Client.Device;

/// <summary>The account the client is logged in as (<c>GET /api/auth/account</c>).</summary>
public sealed class DeviceAccount
{
    /// <summary>The login name.</summary>
    [JsonPropertyName("username")]
    public string Username { get; init; } = string.Empty;

    /// <summary>
    /// <c>admin</c> or <c>user</c> on multi-user firmware (2.5.1+); null on older firmware, which has a single account
    /// with full rights.
    /// </summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>True when the account may use admin-only endpoints (always on single-account firmware).</summary>
    [JsonIgnore]
    public bool IsAdmin => Role is null || string.Equals(Role, "admin", StringComparison.Ordinal);
}
