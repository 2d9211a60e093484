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

        options.ConfigureHttpHandler?.Invoke(handler);

        // The session and the redirect rule above are how the client works, not preferences: restored after the
        // caller's adjustments.
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;

        if (!policy.IsDefault)
        {
            // The pin or the self-signed choice is a security setting: a callback from ConfigureHttpHandler must not
            // quietly widen (or be quietly dropped in favour of) it, so the combination is refused.
            if (handler.SslOptions.RemoteCertificateValidationCallback is not null)
            {
                throw new ArgumentException(
                    "NanoKvmClientOptions.ConfigureHttpHandler set a certificate validation callback while CertificateFingerprint or "
                    + "AcceptSelfSignedCertificate is set; use one or the other.", nameof(options));
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                policy.Validate(certificate, errors);
        }

        return handler;
    }
}
