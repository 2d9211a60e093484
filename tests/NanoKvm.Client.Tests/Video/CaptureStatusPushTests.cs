using NanoKvm.Client.Hid;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Video;

/// <summary>Capture problems reach the client as <c>capture-status</c> pushes on the HID socket (2.4.2+).</summary>
public sealed class CaptureStatusPushTests
{
    [Theory]
    [InlineData("2.4.x")]
    [InlineData("2.5.1")]
    public async Task SignalLoss_IsPushedToTheKeyboardSession(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var ct = TestContext.Current.CancellationToken;
        var failure = new TaskCompletionSource<CaptureStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Client.Keyboard.CaptureStatusChanged += (_, status) =>
        {
            if (!status.Ok)
            {
                failure.TrySetResult(status);
            }
        };
        await device.Client.Keyboard.ConnectAsync(ct);
        using (await device.Client.Video.GetScreenshotAsync(cancellationToken: ct))
        {
        }

        device.Emulator.Host.Screen.HasSignal = false;
        var status = await failure.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);

        Assert.Equal("mjpeg", status.Mode);
        Assert.True(status.Result < 0);
    }
}
