using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Hid;

/// <summary>
/// The JSON scroll message as each release's <c>mouseScroll</c> writes it: the wheel byte starts at +1 and is negated
/// for <c>y &gt; 0</c> up to 2.3.0 (tag 2.2.0 line 68, 2.3.0 line 62) and for <c>y &lt; 0</c> from 2.3.1 (commit 2d575b9).
/// </summary>
public sealed class LegacyWheelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.0", "000000FF", "00000001", "00000001")]
    [InlineData("2.2.x", "000000FF", "00000001", "00000001")]
    [InlineData("2.3.0", "000000FF", "00000001", "00000001")]
    [InlineData("2.3.1", "00000001", "000000FF", "00000001")]
    public async Task WheelByte_FollowsTheReleasesSignTest(string profile, string positive, string negative, string zero)
    {
        await using var kvm = await HidSocket.StartAsync(FirmwareProfile.Parse(profile));
        await using var ws = await HidSocket.ConnectAsync(kvm);

        await ws.SendTextAsync("[2,4,0,0,7]");
        await ws.SendTextAsync("[2,4,0,0,-7]");
        await ws.SendTextAsync("[2,4,0,0,0]");

        var limit = DateTime.UtcNow.AddSeconds(15);
        while (kvm.Host.Mouse.RelativeReports.Count < 3)
        {
            Assert.True(DateTime.UtcNow < limit, "Timed out waiting for the emulator.");
            await Task.Delay(10, Ct);
        }

        Assert.Equal([positive, negative, zero], kvm.Host.Mouse.RelativeReports.Select(Convert.ToHexString));
    }
}
