using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Auth;

public sealed class LoginTests
{
    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task Login_GetsASessionOnEveryProfile(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        await device.Client.LoginAsync(TestContext.Current.CancellationToken);
        var info = await device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken);

        Assert.True(device.Client.IsAuthenticated);
        Assert.Equal(device.Emulator.Profile.Application, info.Application);
        Assert.Equal(1, device.Emulator.Auth.LoginSuccesses);
    }

    [Fact]
    public async Task Login_TakesTheTokenFromTheCookie_WhenTheBodyHasNone()
    {
        // 2.5.1 answers data:null and sets an HttpOnly cookie only.
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);

        var info = await device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken);

        Assert.Equal("2.5.1", info.Application);
        Assert.All(device.Emulator.Requests.Entries.Where(r => r.Path == "/api/vm/info"), r => Assert.True(r.HadSessionCookie));
    }

    [Fact]
    public async Task WrongPassword_IsAnAuthenticationError_WithTheDeviceCode()
    {
        await using var device = await EmulatedDevice.StartAsync(configureClient: o => o.Password = "wrong");

        var error = await Assert.ThrowsAsync<NanoKvmAuthenticationException>(
            () => device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken));

        Assert.IsNotType<NanoKvmAccountLockedException>(error);
        Assert.Equal(-2, error.DeviceCode);
        Assert.Equal("POST /api/auth/login", error.Endpoint);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/vm/info"));
    }

    [Fact]
    public async Task LockedAccount_IsItsOwnError()
    {
        await using var device = await EmulatedDevice.StartAsync(
            FirmwareProfile.V2_5_0,
            e =>
            {
                e.LockoutEnabled = true;
                e.LockoutMaxFailures = 2;
            });

        await using (var wrong = device.NewClient(o => o.Password = "wrong"))
        {
            for (var i = 0; i < 2; i++)
            {
                await Assert.ThrowsAsync<NanoKvmAuthenticationException>(
                    () => wrong.LoginAsync(TestContext.Current.CancellationToken));
            }
        }

        // Even the right password is refused while the address is locked.
        var error = await Assert.ThrowsAsync<NanoKvmAccountLockedException>(
            () => device.Client.LoginAsync(TestContext.Current.CancellationToken));
        Assert.Equal(-5, error.DeviceCode);
    }

    [Fact]
    public async Task ConcurrentCalls_ShareOneLogin()
    {
        await using var device = await EmulatedDevice.StartAsync();

        var calls = Enumerable.Range(0, 20)
            .Select(_ => device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken));
        await Task.WhenAll(calls);

        Assert.Equal(1, device.Emulator.Auth.LoginSuccesses);
        Assert.Equal(1, device.Emulator.Requests.Count("/api/auth/login"));
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task DeviceRestart_IsHealedByOneReLogin(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        await device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken);

        device.Emulator.Restart();
        var info = await device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken);

        Assert.Equal(device.Emulator.Profile.Application, info.Application);
        Assert.Equal(2, device.Emulator.Auth.LoginSuccesses);
    }

    [Theory]
    [InlineData("2.5.0")]
    [InlineData("2.5.1")]
    public async Task RevokedSession_IsHealedByOneReLogin(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        await device.Client.LoginAsync(TestContext.Current.CancellationToken);

        device.Emulator.Auth.RevokeSessions("admin");
        await device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, device.Emulator.Auth.LoginSuccesses);
    }

    [Fact]
    public async Task ConcurrentCallsAfterRestart_ShareOneReLogin()
    {
        await using var device = await EmulatedDevice.StartAsync();
        await device.Client.LoginAsync(TestContext.Current.CancellationToken);

        device.Emulator.Restart();
        await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(_ => device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken)));

        Assert.Equal(2, device.Emulator.Auth.LoginSuccesses);
    }

    [Fact]
    public async Task PersistentRejection_FailsAfterOneRetry_InsteadOfLooping()
    {
        await using var device = await EmulatedDevice.StartAsync();
        await device.Client.LoginAsync(TestContext.Current.CancellationToken);

        device.Emulator.Faults.FailNext(2, 401, "/api/vm/info");
        var error = await Assert.ThrowsAsync<NanoKvmAuthenticationException>(
            () => device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken));

        Assert.Equal("GET /api/vm/info", error.Endpoint);
        Assert.Equal(2, device.Emulator.Auth.LoginSuccesses);
        Assert.Equal(2, device.Emulator.Requests.Count("/api/vm/info"));
    }

    [Fact]
    public async Task ServerError_IsReportedWithoutAReLogin()
    {
        await using var device = await EmulatedDevice.StartAsync();
        await device.Client.LoginAsync(TestContext.Current.CancellationToken);
        var logins = device.Emulator.Auth.LoginSuccesses;

        device.Emulator.Faults.FailNext(1, 500, "/api/vm/info");
        var error = await Assert.ThrowsAsync<NanoKvmException>(
            () => device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(logins, device.Emulator.Auth.LoginSuccesses);
    }

    [Fact]
    public async Task HungRequest_TimesOutWithAClearError()
    {
        await using var device = await EmulatedDevice.StartAsync(
            configureClient: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        await device.Client.LoginAsync(TestContext.Current.CancellationToken);

        device.Emulator.Faults.HangNext(1, "/api/vm/info");
        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(
            () => device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken));
        Assert.Equal("GET /api/vm/info", error.Endpoint);

        // The session is still usable afterwards.
        var info = await device.Client.Device.GetInfoAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(info.Application);
    }

    [Fact]
    public void Options_AreValidatedBeforeAnythingIsSent()
    {
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(new NanoKvmClientOptions()));
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(new NanoKvmClientOptions { Address = new Uri("ftp://x/") }));
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(new NanoKvmClientOptions
        {
            Address = new Uri("http://127.0.0.1/"),
            CertificateFingerprint = "not-a-fingerprint",
        }));
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(new NanoKvmClientOptions
        {
            Address = new Uri("http://127.0.0.1/"),
            FirmwareVersion = "latest",
        }));
    }
}
