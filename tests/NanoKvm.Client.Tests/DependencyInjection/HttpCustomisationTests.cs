using System.Net;
using NanoKvm.Client.Tests.Tls;
using NanoKvm.Emulator;

namespace NanoKvm.Client.Tests.DependencyInjection;

/// <summary>Extra headers and handler adjustments reach REST, WebSocket and MJPEG alike, and never loosen TLS.</summary>
public sealed class HttpCustomisationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestHeaders_GoWithRestWebSocketAndMjpeg()
    {
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01 }, Ct);
        var options = new NanoKvmClientOptions { Address = kvm.BaseAddress };
        options.RequestHeaders["X-Proxy-Token"] = "t0ken";
        await using var client = new NanoKvmClient(options);

        await client.Device.GetInfoAsync(Ct);
        await client.Keyboard.PressAsync("a", Ct);
        await client.Video.GetScreenshotAsync(cancellationToken: Ct);

        var requests = kvm.Requests.Entries;
        Assert.Contains(requests, r => r.Path == "/api/vm/info" && r.Headers.GetValueOrDefault("X-Proxy-Token") == "t0ken");
        Assert.Contains(requests, r => r.Path == "/api/ws" && r.Headers.GetValueOrDefault("X-Proxy-Token") == "t0ken");
        Assert.Contains(requests, r => r.Path.StartsWith("/api/stream/mjpeg", StringComparison.Ordinal) && r.Headers.GetValueOrDefault("X-Proxy-Token") == "t0ken");
        Assert.All(requests, r => Assert.Equal("t0ken", r.Headers.GetValueOrDefault("X-Proxy-Token")));
    }

    [Theory]
    [InlineData("Cookie")]
    [InlineData("origin")]
    [InlineData("Sec-WebSocket-Key")]
    [InlineData("Bad Name")]
    public void ReservedOrInvalidHeaders_AreRefusedBeforeAnythingIsSent(string name)
    {
        var options = new NanoKvmClientOptions { Address = new Uri("http://127.0.0.1:9") };
        options.RequestHeaders[name] = "x";
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(options));
    }

    [Fact]
    public async Task ConfigureHttpHandler_IsCalled_AndCannotTurnRedirectsOrCookiesOn()
    {
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01 }, Ct);
        SocketsHttpHandler? seen = null;
        await using var client = new NanoKvmClient(new NanoKvmClientOptions
        {
            Address = kvm.BaseAddress,
            ConfigureHttpHandler = handler =>
            {
                seen = handler;
                handler.MaxConnectionsPerServer = 3;
                handler.AllowAutoRedirect = true;
                handler.UseCookies = true;
            },
        });

        await client.Device.GetInfoAsync(Ct);
        Assert.NotNull(seen);
        Assert.Equal(3, seen.MaxConnectionsPerServer);
        Assert.False(seen.AllowAutoRedirect);
        Assert.False(seen.UseCookies);
    }

    [Fact]
    public void ConfigureHttpHandler_CertificateCallbackWithAPin_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(new NanoKvmClientOptions
        {
            Address = new Uri("https://127.0.0.1:9"),
            CertificateFingerprint = new string('a', 64),
            ConfigureHttpHandler = handler => handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, errors) => errors == System.Net.Security.SslPolicyErrors.None,
        }));
    }

    [Fact]
    public async Task ConfigureHttpHandler_CannotLoosenAPinThatDoesNotMatch()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01, Certificate = certificate }, Ct);
        await using var client = new NanoKvmClient(new NanoKvmClientOptions
        {
            Address = kvm.BaseAddress,
            CertificateFingerprint = new string('a', 64),
            ConfigureHttpHandler = handler => handler.Proxy = new WebProxy(),
        });

        await Assert.ThrowsAnyAsync<NanoKvmException>(() => client.Device.GetInfoAsync(Ct));
    }
}
