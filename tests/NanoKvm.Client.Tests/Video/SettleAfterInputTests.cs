using NanoKvm.Client.Tests.Hid;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Client.Tests.Video;

/// <summary>A screenshot taken right after typing shows the typed text: it settles after the last HID input.</summary>
public sealed class SettleAfterInputTests
{
    [Theory]
    [InlineData("2.3.1")]
    [InlineData("2.5.1")]
    public async Task ScreenshotAfterTyping_ShowsTheFinalText(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var ct = TestContext.Current.CancellationToken;

        await device.Client.Keyboard.TypeTextAsync("hello", cancellationToken: ct);
        using var frame = await device.Client.Video.GetScreenshotAsync(cancellationToken: ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "hello", "the host typed the text");

        // The frame is the one rendered after the last character: no newer content exists.
        Assert.Equal(device.Emulator.Host.Screen.FrameId, JpegComment.ReadFrameId(frame.Data.Span));
    }
}
