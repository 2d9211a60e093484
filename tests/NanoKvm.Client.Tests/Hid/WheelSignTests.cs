using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// Positive notches scroll down on every release, although JSON firmware up to 2.3.0 reads the sign the other way
/// round (mouse.go mouseScroll before commit 2d575b9). The emulator's host counts the wheel in the device's sign
/// (positive = up), so "down" is a negative total.
/// </summary>
public sealed class WheelSignTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.0")]
    [InlineData("2.2.x")]
    [InlineData("2.3.0")]
    [InlineData("2.3.1")]
    [InlineData("2.4.x")]
    [InlineData("2.5.1")]
    public async Task PositiveNotches_ScrollDown_NegativeScrollUp(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var host = device.Emulator.Host.Mouse;

        await device.Client.Mouse.ScrollAsync(3, cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => host.WheelTotal == -3, "the wheel turned three notches down");

        await device.Client.Mouse.ScrollAsync(-5, cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => host.WheelTotal == 2, "the wheel turned five notches up");

        if (!FirmwareProfile.Parse(profile).BinaryHid)
        {
            // JSON firmware: one message per notch, each written to the relative mouse as a single notch.
            Assert.Equal(8, host.RelativeReports.Count);
            Assert.Equal("000000FF", HidTestDevice.Hex(host.RelativeReports[0]));
            Assert.Equal("00000001", HidTestDevice.Hex(host.RelativeReports[^1]));
        }
    }
}
