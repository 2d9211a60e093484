using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace NanoKvm.Mcp.Hosting.Doctor;

/// <summary>
/// Reads the certificate a device presents, without trusting it, so the doctor can print the exact
/// <c>--cert-sha256</c> value that would pin it.
/// </summary>
internal static class CertificateProbe
{
    public static async Task<string?> FingerprintAsync(Uri address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(address.Host, address.Port, deadline.Token);
            string? fingerprint = null;
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            {
                // Only read, then refused: the handshake never completes, so nothing is ever sent to this server.
                fingerprint = certificate is null ? null : Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
                return false;
            });
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = address.Host }, deadline.Token);
            }
            catch (System.Security.Authentication.AuthenticationException)
            {
                // Expected: the callback above refuses every certificate.
            }

            return fingerprint;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return null;
        }
    }
}
