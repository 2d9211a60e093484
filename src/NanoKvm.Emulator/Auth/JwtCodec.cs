using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoKvm.Emulator.Auth;

/// <summary>HS256 JSON Web Tokens, as the device issues them in its session cookie.</summary>
internal static class JwtCodec
{
    private static readonly string Header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);

    public static string Sign(JsonObject claims, byte[] secret)
    {
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signingInput = Header + "." + payload;
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Returns the claims when the signature matches, otherwise null.</summary>
    public static JsonObject? Verify(string token, byte[] secret)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        var expected = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        var actual = FromBase64Url(parts[2]);
        if (actual is null || !CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return null;
        }

        var payload = FromBase64Url(parts[1]);
        try
        {
            return payload is null ? null : JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
