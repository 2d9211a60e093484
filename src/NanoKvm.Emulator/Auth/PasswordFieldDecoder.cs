using System.Security.Cryptography;
using System.Text;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Auth;

/// <summary>
/// The device's side of the login obfuscation: URL-unescape, base64-decode, require "Salted__", derive key and IV
/// with EVP_BytesToKey(MD5), AES-256-CBC decrypt and strip padding by trusting the last byte — as the firmware's
/// library does. A blob of the wrong shape is a "panic" (the firmware answers HTTP 500 with no body).
/// </summary>
internal static class PasswordFieldDecoder
{
    private static readonly byte[] CubePassphrase = Encoding.ASCII.GetBytes("nanokvm-sipeed-2024");

    // NanoKVM-Pro 1.2.4 (github:sipeed/NanoKVM-Pro 1d2089f, server/utils/encrypt.go): same scheme, its own key.
    private static readonly byte[] ProPassphrase = Encoding.ASCII.GetBytes("nanokvmpro-sipeed-2025");

    /// <summary>Returns the password as the profile's login reads it, or null when the device would panic.</summary>
    public static string? Decode(string field, LoginPasswordScheme scheme) => scheme switch
    {
        LoginPasswordScheme.Plaintext => field,
        LoginPasswordScheme.ProAes => Decode(field, ProPassphrase),
        _ => Decode(field, CubePassphrase),
    };

    /// <summary>Returns the password, or null when the blob would make the device panic.</summary>
    public static string? Decode(string field) => Decode(field, CubePassphrase);

    private static string? Decode(string field, byte[] passphrase)
    {
        // Go's url.QueryUnescape: '+' becomes a space, which is why clients must percent-encode the base64.
        string unescaped;
        try
        {
            unescaped = Uri.UnescapeDataString(field.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return string.Empty;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(unescaped);
        }
        catch (FormatException)
        {
            // The library ignores the decode error and goes on with an empty slice, which then lacks the prefix.
            return null;
        }

        if (blob.Length < 32 || (blob.Length - 16) % 16 != 0 || !blob.AsSpan(0, 8).SequenceEqual("Salted__"u8))
        {
            return null;
        }

        var salt = blob.AsSpan(8, 8);
        var material = new byte[48];
        var previous = Array.Empty<byte>();
        for (var offset = 0; offset < 48; offset += 16)
        {
            var round = MD5.HashData([.. previous, .. passphrase, .. salt]);
            round.CopyTo(material, offset);
            previous = round;
        }

        using var aes = Aes.Create();
        aes.Key = material[..32];
        var plain = aes.DecryptCbc(blob.AsSpan(16), material.AsSpan(32, 16), PaddingMode.None);
        var pad = plain[^1];
        if (pad > plain.Length)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain, 0, plain.Length - pad);
    }
}
