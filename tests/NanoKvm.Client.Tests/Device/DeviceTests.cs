using NanoKvm.Client.Device;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Device;

public sealed class DeviceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Alpha", HardwareVersion.Alpha)]
    [InlineData("Beta", HardwareVersion.Beta)]
    [InlineData("PCIE", HardwareVersion.Pcie)]
    [InlineData("Pro", HardwareVersion.Pro)]
    public async Task Hardware_IsMappedAndKeptRaw(string reported, HardwareVersion expected)
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.Hardware = reported);

        var hardware = await device.Client.Device.GetHardwareAsync(Ct);

        Assert.Equal(expected, hardware.Version);
        Assert.Equal(reported, hardware.Raw);
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task HidMode_IsNormalByDefault(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        if (!device.Emulator.Profile.HasHidMode)
        {
            // Before 2.2.5 the route does not exist: refused before sending.
            var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Device.GetHidModeAsync(Ct));
            Assert.Equal(new FirmwareVersion(2, 2, 5), error.RequiredVersion);
            Assert.Equal(0, device.Emulator.Requests.Count("/api/hid/mode"));
            return;
        }

        Assert.Equal(HidMode.Normal, await device.Client.Device.GetHidModeAsync(Ct));
    }

    [Fact]
    public async Task SetHidMode_RebootsTheDevice_AndTheClientLogsInAgain()
    {
        await using var device = await EmulatedDevice.StartAsync();
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Emulator.Restarted += () => restarted.TrySetResult();

        await device.Client.Device.SetHidModeAsync(HidMode.HidOnly, Ct);
        await restarted.Task.WaitAsync(Ct);

        Assert.Equal(HidMode.HidOnly, await device.Client.Device.GetHidModeAsync(Ct));
        Assert.Equal(["hid-only"], device.Emulator.Storage.HidModeRequests);
        Assert.Equal(2, device.Emulator.Auth.LoginSuccesses);
    }

    [Fact]
    public async Task SetHidMode_IsForbiddenForAUserRole()
    {
        await using var device = await EmulatedDevice.StartAsUserRoleAsync();

        Assert.Equal(HidMode.Normal, await device.Client.Device.GetHidModeAsync(Ct));
        await Assert.ThrowsAsync<NanoKvmForbiddenException>(() => device.Client.Device.SetHidModeAsync(HidMode.HidOnly, Ct));
        Assert.Empty(device.Emulator.Storage.HidModeRequests);
    }

    [Fact]
    public async Task SetHidMode_RefusesAnUndefinedValueBeforeSending()
    {
        await using var device = await EmulatedDevice.StartAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Client.Device.SetHidModeAsync((HidMode)42, Ct));

        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Fact]
    public async Task HidMode_IsUnsupportedOnFirmwareBefore225()
    {
        await using var device = await EmulatedDevice.StartAsync(configureClient: c => c.FirmwareVersion = "2.2.4");

        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Device.GetHidModeAsync(Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/hid/mode"));
    }

    [Theory]
    [InlineData("2.5.1", "admin")]
    [InlineData("2.5.0", null)]
    [InlineData("2.2.x", null)]
    public async Task Account_HasARoleOnlyOnMultiUserFirmware(string profile, string? role)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        var account = await device.Client.Device.GetAccountAsync(Ct);

        Assert.Equal("admin", account.Username);
        Assert.Equal(role, account.Role);
        Assert.True(account.IsAdmin);
    }

    [Fact]
    public async Task Account_OfAUserRole_IsNotAdmin()
    {
        await using var device = await EmulatedDevice.StartAsUserRoleAsync();

        var account = await device.Client.Device.GetAccountAsync(Ct);

        Assert.Equal("user", account.Role);
        Assert.False(account.IsAdmin);
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("a-better-password", false)]
    public async Task PasswordIsDefault_WhenTheDeviceSaysItWasNeverUpdated(string password, bool expected)
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.Password = password);

        Assert.Equal(expected, await device.Client.Device.IsPasswordDefaultAsync(Ct));
    }
}
