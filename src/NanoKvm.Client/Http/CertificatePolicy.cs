using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NanoKvm.Client.Http;

/// <summary>
/// The TLS rule shared by every HTTP and WebSocket request of a client: normal validation by default, a pinned
/// SHA-256 fingerprint when configured (that certificate only), or explicit acceptance of a self-signed device.
/// </summary>
internal sealed class CertificatePolicy
{
    private readonly byte[]? _pinnedSha256;
    private readonly bool _acceptSelfSigned;

    public CertificatePolicy(NanoKvmClientOptions options)
    {
        _pinnedSha256 = options.CertificateFingerprint is null ? null : ParseFingerprint(options.CertificateFingerprint);
        _acceptSelfSigned = options.AcceptSelfSignedCertificate;
    }

    /// <summary>True when the default platform validation applies unchanged.</summary>
    public bool IsDefault => _pinnedSha256 is null && !_acceptSelfSigned;

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (_pinnedSha256 is not null)
        {
            if (certificate is null)
            {
                return false;
            }

            Span<byte> actual = stackalloc byte[32];
            SHA256.HashData(certificate.GetRawCertData(), actual);
            return CryptographicOperations.FixedTimeEquals(actual, _pinnedSha256);
        }

        return errors == SslPolicyErrors.None || (_acceptSelfSigned && certificate is not null);
    }

    public static byte[] ParseFingerprint(string fingerprint)
    {
        Span<char> hex = stackalloc char[64];
        var count = 0;
        foreach (var c in fingerprint)
        {
            if (c is ':' or ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c) || count == 64)
            {
                throw new ArgumentException(
                    "CertificateFingerprint must be a SHA-256 fingerprint: 64 hex digits, optionally separated by ':'.",
                    nameof(fingerprint));
            }

            hex[count++] = c;
        }

        return count == 64
            ? Convert.FromHexString(hex)
            : throw new ArgumentException(
                "CertificateFingerprint must be a SHA-256 fingerprint: 64 hex digits, optionally separated by ':'.",
                nameof(fingerprint));
    }

    /// <summary>Formats a certificate's SHA-256 fingerprint the way <see cref="NanoKvmClientOptions.CertificateFingerprint"/> accepts it.</summary>
    public static string FingerprintOf(X509Certificate certificate)
    {
        var hash = SHA256.HashData(certificate.GetRawCertData());
        return string.Join(':', hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
    }
}
