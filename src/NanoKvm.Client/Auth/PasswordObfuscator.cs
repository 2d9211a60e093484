using System.Security.Cryptography;
using System.Text;

namespace NanoKvm.Client.Auth;

/// <summary>
/// Produces the password field the NanoKVM login expects: an OpenSSL "Salted__" blob (EVP_BytesToKey with one MD5
/// round, AES-256-CBC, PKCS#7) under the firmware's fixed passphrase, base64-encoded and then percent-encoded.
/// </summary>
/// <remarks>
/// This mirrors what the device's web UI does with CryptoJS. It only keeps the password out of plain sight on the
/// wire; it is not protection (the passphrase is public). The percent-encoding is mandatory: the server un-escapes
/// the field, which would turn a literal '+' of the base64 into a space.
/// </remarks>
internal static class PasswordObfuscator
{
    private static readonly byte[] Passphrase = "nanokvm-sipeed-2024"u8.ToArray();

    /// <summary>The NanoKVM-Pro 1.2.4 key (github:sipeed/NanoKVM-Pro 1d2089f, web/src/lib/encrypt.ts).</summary>
    public static readonly byte[] ProPassphrase = "nanokvmpro-sipeed-2025"u8.ToArray();

    public static string Obfuscate(string password) => Obfuscate(password, RandomNumberGenerator.GetBytes(8).AsSpan(), Passphrase);

    public static string ObfuscateWith(string password, byte[] passphrase) =>
        Obfuscate(password, RandomNumberGenerator.GetBytes(8).AsSpan(), passphrase);

    public static string Obfuscate(string password, ReadOnlySpan<byte> salt) => Obfuscate(password, salt, Passphrase);

    private static string Obfuscate(string password, ReadOnlySpan<byte> salt, byte[] passphrase)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (salt.Length != 8)
        {
            throw new ArgumentException("The salt must be 8 bytes.", nameof(salt));
        }

        Span<byte> keyAndIv = stackalloc byte[48];
        DeriveKeyAndIv(salt, keyAndIv, passphrase);

        using var aes = Aes.Create();
        aes.Key = keyAndIv[..32].ToArray();
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(password), keyAndIv[32..], PaddingMode.PKCS7);

        var blob = new byte[16 + cipher.Length];
        "Salted__"u8.CopyTo(blob);
        salt.CopyTo(blob.AsSpan(8));
        cipher.CopyTo(blob.AsSpan(16));
        return Uri.EscapeDataString(Convert.ToBase64String(blob));
    }

    /// <summary>EVP_BytesToKey(MD5, 1 round): D1 = MD5(P‖S), Dn = MD5(Dn−1‖P‖S); key = D1‖D2, IV = D3.</summary>
    internal static void DeriveKeyAndIv(ReadOnlySpan<byte> salt, Span<byte> keyAndIv) => DeriveKeyAndIv(salt, keyAndIv, Passphrase);

    private static void DeriveKeyAndIv(ReadOnlySpan<byte> salt, Span<byte> keyAndIv, byte[] passphrase)
    {
        Span<byte> input = stackalloc byte[16 + passphrase.Length + 8];
        for (var block = 0; block < 3; block++)
        {
            var length = 0;
            if (block > 0)
            {
                keyAndIv.Slice((block - 1) * 16, 16).CopyTo(input);
                length = 16;
            }

            passphrase.CopyTo(input[length..]);
            length += passphrase.Length;
            salt.CopyTo(input[length..]);
            length += salt.Length;
            MD5.HashData(input[..length], keyAndIv.Slice(block * 16, 16));
        }
    }
}
