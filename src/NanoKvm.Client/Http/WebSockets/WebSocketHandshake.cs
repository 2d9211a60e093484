using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace NanoKvm.Client.Http.WebSockets;

/// <summary>
/// The RFC 6455 opening handshake sent through the client's own <see cref="HttpMessageInvoker"/>, so the WebSocket
/// uses the same connection settings and TLS rule as every REST call. On HTTP 101 the response's content stream is
/// the raw, writable connection (SocketsHttpHandler detaches it from the pool), which is what lets
/// <see cref="DeviceWebSocket"/> write many frames in one socket write.
/// </summary>
internal static class WebSocketHandshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The request for <paramref name="httpUri"/>, and the key its answer must echo.</summary>
    public static (HttpRequestMessage Request, string Key) CreateRequest(Uri httpUri, string cookieHeader)
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        var key = Convert.ToBase64String(nonce);
        var request = new HttpRequestMessage(HttpMethod.Get, httpUri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // No Origin header: multi-user firmware refuses a foreign one, and a non-browser client has none.
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", key);
        request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        return (request, key);
    }

    /// <summary>Null when <paramref name="response"/> accepts the upgrade for <paramref name="key"/>; otherwise why not.</summary>
    public static string? CheckAccepted(HttpResponseMessage response, string key)
    {
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            return $"HTTP {(int)response.StatusCode} instead of 101";
        }

        if (!response.Headers.TryGetValues("Upgrade", out var upgrade)
            || !upgrade.Any(value => value.Equals("websocket", StringComparison.OrdinalIgnoreCase)))
        {
            return "the 101 answer does not upgrade to websocket";
        }

        if (!response.Headers.TryGetValues("Sec-WebSocket-Accept", out var accept) || accept.FirstOrDefault() != ExpectedAccept(key))
        {
            return "the 101 answer carries a wrong Sec-WebSocket-Accept";
        }

        return null;
    }

    /// <summary>base64(SHA-1(key + GUID)), the value RFC 6455 §4.2.2 requires the server to answer with.</summary>
    public static string ExpectedAccept(string key)
    {
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 here; it is a handshake check, not a security boundary.
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
    }
}
