using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Tests.Tls;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Pro;

/// <summary>Pro login variants over real HTTP: plaintext (1.2.6+), the 1.2.4 Pro key, 401 re-login, HTTPS.</summary>
public sealed class ProLoginTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("pro-1.2.6")]
    [InlineData("pro-1.2.15")]
    public async Task From126_LogsInWithThePlaintextPassword_InOneAttempt(string profile)
    {
        await using var device = await ProDevice.StartAsync(FirmwareProfile.Parse(profile));

        await device.Client.LoginAsync(Ct);

        Assert.True(device.Client.IsAuthenticated);
        Assert.Equal(1, device.Emulator.Requests.Count("/api/auth/login"));
    }

    [Fact]
    public async Task On124_FallsBackToTheProKey_AndRemembersIt()
    {
        await using var device = await ProDevice.StartAsync(FirmwareProfile.Pro_1_2_4);

        await device.Client.LoginAsync(Ct);
        var firstLogins = device.Emulator.Requests.Count("/api/auth/login");
        device.Emulator.Restart();
        await device.Client.Device.GetAccountAsync(Ct);

        Assert.Equal(2, firstLogins);
        Assert.Equal(3, device.Emulator.Requests.Count("/api/auth/login"));
    }

    [Fact]
    public async Task On124_PinnedVersion_UsesTheProKeyFirst()
    {
        await using var device = await ProDevice.StartAsync(FirmwareProfile.Pro_1_2_4, configureClient: o => o.FirmwareVersion = "1.2.4");

        await device.Client.LoginAsync(Ct);

        Assert.Equal(1, device.Emulator.Requests.Count("/api/auth/login"));
    }

    [Fact]
    public async Task WrongPassword_IsAnAuthenticationError()
    {
        await using var device = await ProDevice.StartAsync(configureClient: o => o.Password = "wrong");

        var error = await Assert.ThrowsAsync<NanoKvmAuthenticationException>(() => device.Client.LoginAsync(Ct));

        Assert.Equal(-2, error.DeviceCode);
    }

    [Fact]
    public async Task Expired401_LogsInAgain_WhileTheHidSocketKeepsWorking()
    {
        await using var device = await ProDevice.StartAsync();
        await device.Client.Keyboard.TypeTextAsync("a", cancellationToken: Ct);

        // A logout (any client's) makes a new secret: every token dies, but the Pro leaves open sockets alone.
        var connections = device.Emulator.Requests.Count("/api/ws");
        device.Emulator.Auth.RevokeSessions(null);
        await device.Client.Device.GetAccountAsync(Ct);
        await device.Client.Keyboard.TypeTextAsync("b", cancellationToken: Ct);

        await ProDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "ab", "both letters were typed");
        Assert.Equal(2, device.Emulator.Requests.Count("/api/auth/login"));
        Assert.Equal(connections, device.Emulator.Requests.Count("/api/ws"));
    }

    [Fact]
    public async Task Https_WithThePinnedSelfSignedCertificate_Works()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var device = await ProDevice.StartAsync(
            configureEmulator: o => o.Certificate = certificate,
            configureClient: o => o.CertificateFingerprint = SelfSignedCertificate.FingerprintOf(certificate));

        var firmware = await device.Client.GetFirmwareAsync(Ct);

        Assert.Equal(DeviceModel.Pro, firmware.Model);
        Assert.Equal("https", device.Client.Address.Scheme);
    }

    [Fact]
    public async Task PlainHttp_RedirectedToHttps_FailsWithTheHttpsAddress()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var device = await ProDevice.StartAsync(configureEmulator: o =>
        {
            o.Certificate = certificate;
            o.ServeHttpRedirect = true;
        });
        using var client = device.NewClient(o => o.Address = device.Emulator.HttpRedirectAddress);

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => client.LoginAsync(Ct));

        Assert.Contains("307", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/auth/login"));
    }
}
