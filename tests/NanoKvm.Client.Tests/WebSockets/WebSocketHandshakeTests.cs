using System.Net;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Tests.WebSockets;

/// <summary>The opening handshake: the request RFC 6455 asks for, and an answer that does not accept it is refused.</summary>
public sealed class WebSocketHandshakeTests
{
    [Fact]
    public void ExpectedAccept_MatchesTheRfcExample()
    {
        // RFC 6455 §1.3.
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ExpectedAccept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    [Fact]
    public void Request_AsksForAnUpgradeWithAFreshKey_TheCookie_AndNoOrigin()
    {
        var (first, key1) = WebSocketHandshake.CreateRequest(new Uri("http://kvm.local/api/ws"), "nano-kvm-token=abc");
        var (second, key2) = WebSocketHandshake.CreateRequest(new Uri("http://kvm.local/api/ws"), "nano-kvm-token=abc");
        using (first)
        using (second)
        {
            Assert.NotEqual(key1, key2);
            Assert.Equal(16, Convert.FromBase64String(key1).Length);
            Assert.Equal(HttpVersion.Version11, first.Version);
            Assert.Equal(["Upgrade"], first.Headers.GetValues("Connection"));
            Assert.Equal(["websocket"], first.Headers.GetValues("Upgrade"));
            Assert.Equal(["13"], first.Headers.GetValues("Sec-WebSocket-Version"));
            Assert.Equal(["nano-kvm-token=abc"], first.Headers.GetValues("Cookie"));
            Assert.False(first.Headers.Contains("Origin"));
        }
    }

    [Fact]
    public void Answers_ThatDoNotAcceptTheUpgrade_AreRefusedWithTheReason()
    {
        const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
        using var accepted = Answer(HttpStatusCode.SwitchingProtocols, "websocket", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        using var wrongAccept = Answer(HttpStatusCode.SwitchingProtocols, "websocket", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        using var wrongProtocol = Answer(HttpStatusCode.SwitchingProtocols, "h2c", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        using var ok = Answer(HttpStatusCode.OK, null, null);

        Assert.Null(WebSocketHandshake.CheckAccepted(accepted, Key));
        Assert.Contains("Sec-WebSocket-Accept", WebSocketHandshake.CheckAccepted(wrongAccept, Key), StringComparison.Ordinal);
        Assert.Contains("websocket", WebSocketHandshake.CheckAccepted(wrongProtocol, Key), StringComparison.Ordinal);
        Assert.Contains("HTTP 200", WebSocketHandshake.CheckAccepted(ok, Key), StringComparison.Ordinal);
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string? upgrade, string? accept)
    {
        var response = new HttpResponseMessage(status);
        if (upgrade is not null)
        {
            response.Headers.TryAddWithoutValidation("Upgrade", upgrade);
        }

        if (accept is not null)
        {
            response.Headers.TryAddWithoutValidation("Sec-WebSocket-Accept", accept);
        }

        return response;
    }
}
