using System.Net;

namespace NanoKvm.Client.Http;

/// <summary>Builds the one <see cref="SocketsHttpHandler"/> a client uses for REST, WebSocket and streaming calls.</summary>
internal static class DeviceHandlerFactory
{
    public static SocketsHttpHandler Create(NanoKvmClientOptions options, CertificatePolicy policy)
    {
        var handler = new SocketsHttpHandler
        {
            // The session cookie is attached by the client itself: the device marks it Secure over HTTPS and a
            // cookie jar would then withhold it from plain-HTTP devices, and the token may come in the body.
            UseCookies = false,
            // The HTTP port of a TLS-enabled device redirects to HTTPS; following it silently would drop the
            // caller's intent (and headers), so a redirect is reported as an error instead.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseProxy = false,
        };

        if (!policy.IsDefault)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                policy.Validate(certificate, errors);
        }

        return handler;
    }
}
