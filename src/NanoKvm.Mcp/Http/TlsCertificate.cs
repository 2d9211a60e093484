using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Http;

/// <summary>Loads the HTTPS certificate: PEM certificate and key, a PEM file holding both, or a PFX file.</summary>
internal static class TlsCertificate
{
    /// <exception cref="ConfigurationException">The files cannot be read or do not hold a certificate with its private key.</exception>
    public static X509Certificate2 Load(string certificateFile, string? keyFile, string? password)
    {
        ArgumentNullException.ThrowIfNull(certificateFile);
        try
        {
            var extension = Path.GetExtension(certificateFile).ToUpperInvariant();
            var certificate = extension is ".PFX" or ".P12"
                ? X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password)
                : password is null
                    ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new ConfigurationException($"--tls-cert {certificateFile}: the certificate has no private key; give --tls-key FILE.");
            }

            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigurationException($"--tls-cert {certificateFile}: cannot load the certificate: {e.Message}", e);
        }
    }
}
