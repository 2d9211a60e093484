using System.Security.Cryptography.X509Certificates;
using NanoKvm.Client.Tests.Infrastructure;

namespace NanoKvm.Client.Tests.Tls;

public sealed class TlsTests : IDisposable
{
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DefaultValidation_RefusesTheSelfSignedCertificate()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.Certificate = _certificate);
        Assert.Equal(Uri.UriSchemeHttps, device.Emulator.BaseAddress.Scheme);

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Device.GetInfoAsync(Ct));

        Assert.IsNotType<NanoKvmAuthenticationException>(error);
        // The first contact is the pre-login family probe (Cube or Pro), which meets the certificate first.
        Assert.Equal("GET /api/auth/check", error.Endpoint);
        Assert.Contains("SSL", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(nameof(NanoKvmClientOptions.CertificateFingerprint), error.Message, StringComparison.Ordinal);
        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Fact]
    public async Task AcceptSelfSignedCertificate_Connects()
    {
        await using var device = await EmulatedDevice.StartAsync(
            configureEmulator: e => e.Certificate = _certificate,
            configureClient: c => c.AcceptSelfSignedCertificate = true);

        var info = await device.Client.Device.GetInfoAsync(Ct);
        await device.Client.Power.PressPowerAsync(cancellationToken: Ct);

        Assert.Equal(device.Emulator.Profile.Application, info.Application);
        Assert.True(device.Emulator.Host.Power.IsOn);
    }

    [Fact]
    public async Task PinnedFingerprint_OfTheDevicesCertificate_Connects()
    {
        await using var device = await EmulatedDevice.StartAsync(
            configureEmulator: e => e.Certificate = _certificate,
            configureClient: c => c.CertificateFingerprint = SelfSignedCertificate.FingerprintOf(_certificate));

        var images = await device.Client.Media.ListImagesAsync(Ct);

        Assert.NotEmpty(images);
    }

    [Fact]
    public async Task PinnedFingerprint_OfAnotherCertificate_IsRefused_EvenWithSelfSignedAccepted()
    {
        using var other = SelfSignedCertificate.Create();
        await using var device = await EmulatedDevice.StartAsync(
            configureEmulator: e => e.Certificate = _certificate,
            configureClient: c =>
            {
                c.CertificateFingerprint = SelfSignedCertificate.FingerprintOf(other);
                c.AcceptSelfSignedCertificate = true;
            });

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Device.GetInfoAsync(Ct));

        Assert.Contains("SSL", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Fact]
    public async Task PinnedFingerprint_CoversTheHidWebSocketAndTheMjpegStream()
    {
        // The same TLS rule must hold for wss:// (HID) and the streaming GET (MJPEG), not only for REST calls.
        await using var device = await EmulatedDevice.StartAsync(
            configureEmulator: e => e.Certificate = _certificate,
            configureClient: c => c.CertificateFingerprint = SelfSignedCertificate.FingerprintOf(_certificate));

        await device.Client.Keyboard.TypeTextAsync("tls ok", cancellationToken: Ct);
        await Hid.HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= 6, "the host typed the text");
        using var frame = await device.Client.Video.GetScreenshotAsync(cancellationToken: Ct);

        Assert.Equal("tls ok", device.Emulator.Host.Keyboard.Transcript);
        Assert.True(frame.Width > 0 && frame.Height > 0);
        Assert.Contains(device.Emulator.Requests.Entries, r => r.Path == "/api/ws");
        Assert.Contains(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/mjpeg");
    }

    [Fact]
    public async Task WrongPin_RefusesTheHidWebSocketToo()
    {
        using var other = SelfSignedCertificate.Create();
        await using var device = await EmulatedDevice.StartAsync(
            configureEmulator: e => e.Certificate = _certificate,
            configureClient: c => c.CertificateFingerprint = SelfSignedCertificate.FingerprintOf(other));

        await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Keyboard.TypeTextAsync("x", cancellationToken: Ct));

        Assert.Empty(device.Emulator.Requests.Entries);
        Assert.Equal(string.Empty, device.Emulator.Host.Keyboard.Transcript);
    }

    public void Dispose() => _certificate.Dispose();
}
