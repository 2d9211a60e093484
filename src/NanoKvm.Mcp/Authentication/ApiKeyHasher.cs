using System.Security.Cryptography;
using System.Text;

namespace NanoKvm.Mcp.Authentication;

/// <summary>
/// Makes and checks API keys. Keys are 256 random bits, so a salted HMAC-SHA-256 is enough to make a stolen keys file
/// useless; a slow password hash would only cost every request time without adding strength to random keys.
/// </summary>
internal static class ApiKeyHasher
{
    /// <summary>Every generated key starts with this, so a leaked one is easy to recognise in logs and scanners.</summary>
    public const string Prefix = "nkm_";

    private const int KeyBytes = 32;
    private const int SaltBytes = 16;

    /// <summary>A new random key.</summary>
    public static string NewKey() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hashes <paramref name="key"/> under a new random salt.</summary>
    public static ApiKeyEntry Hash(string name, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new ApiKeyEntry(name, salt, Compute(salt, key));
    }

    /// <summary>Whether <paramref name="presented"/> is the key behind <paramref name="entry"/>, compared in constant time.</summary>
    public static bool Matches(ApiKeyEntry entry, string presented)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(presented);
        return CryptographicOperations.FixedTimeEquals(Compute(entry.Salt, presented), entry.Hash);
    }

    private static byte[] Compute(byte[] salt, string key) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(key));
}
