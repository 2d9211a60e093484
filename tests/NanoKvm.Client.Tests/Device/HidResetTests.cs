using NanoKvm.Client.Tests.Hid;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Device;

public sealed class HidResetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.3.1")]
    [InlineData("2.5.1")]
    public async Task ResetHid_ReleasesWhatWasHeld_AndTheSessionKeepsWorking(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        await device.Client.Keyboard.KeyDownAsync("ShiftLeft", Ct);
        await HidTestDevice.WaitUntilAsync(() => !device.Emulator.Host.Keyboard.NothingHeld, "the host sees Shift held");

        await device.Client.Device.ResetHidAsync(Ct);

        Assert.True(device.Emulator.Host.Keyboard.NothingHeld);
        Assert.Equal(1, device.Emulator.Requests.Count("/api/hid/reset", "POST"));

        // The client forgot the held Shift, so typing works without "keys are held" refusals and comes out as written.
        await device.Client.Keyboard.TypeTextAsync("ok", cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "ok", "the host typed the text");
    }

    [Fact]
    public async Task ResetHid_IsForbiddenForAUserRole()
    {
        await using var device = await EmulatedDevice.StartAsUserRoleAsync();

        var error = await Assert.ThrowsAsync<NanoKvmForbiddenException>(() => device.Client.Device.ResetHidAsync(Ct));

        Assert.Equal("POST /api/hid/reset", error.Endpoint);
    }
}
