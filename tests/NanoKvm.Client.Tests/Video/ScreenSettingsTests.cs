using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Video;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Video;

/// <summary>Device-global screen settings and frame detection.</summary>
public sealed class ScreenSettingsTests
{
    private static readonly ScreenshotOptions Quick = new() { StaticScreenGrace = TimeSpan.FromMilliseconds(300) };

    [Theory]
    [InlineData(ScreenResolution.R640x480, 640, 480)]
    [InlineData(ScreenResolution.R800x600, 800, 600)]
    [InlineData(ScreenResolution.R1920x1080, 1920, 1080)]
    [InlineData(ScreenResolution.Auto, 1024, 768)]
    public async Task Resolution_ChangesTheFrameSize(ScreenResolution resolution, int width, int height)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_4);
        var ct = TestContext.Current.CancellationToken;
        device.Emulator.Host.Screen.SetInputResolution(1024, 768);

        await device.Client.Video.SetResolutionAsync(resolution, ct);
        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.Equal((width, height), (frame.Width, frame.Height));
        Assert.Equal((int)resolution, device.Emulator.Host.Screen.Settings.Height);
    }

    [Fact]
    public async Task QualityFpsGopAndBitrate_ReachTheDevice()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;
        var video = device.Client.Video;

        await video.SetJpegQualityAsync(60, ct);
        await video.SetFrameRateAsync(15, ct);
        await video.SetH264GopAsync(10, ct);
        await video.SetH264BitrateAsync(5000, ct);

        var settings = device.Emulator.Host.Screen.Settings;
        Assert.Equal((60, 15, 10, 5000), (settings.Quality, settings.Fps, settings.Gop, settings.Bitrate));
    }

    [Fact]
    public async Task InvalidSettings_AreRejectedBeforeAnythingIsSent()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;
        var video = device.Client.Video;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => video.SetResolutionAsync((ScreenResolution)1440, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => video.SetJpegQualityAsync(75, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => video.SetFrameRateAsync(5, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => video.SetFrameRateAsync(61, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => video.SetH264GopAsync(0, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => video.SetH264BitrateAsync(2500, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => video.PauseFrameDetectionAsync(TimeSpan.FromMilliseconds(1500), ct));

        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Fact]
    public async Task FrameDetection_IsSwitchedOnTheDevice()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_3_1);
        var ct = TestContext.Current.CancellationToken;
        var screen = device.Emulator.Host.Screen;

        await device.Client.Video.SetFrameDetectionAsync(false, ct);
        var off = screen.FrameDetection;
        await device.Client.Video.SetFrameDetectionAsync(true, ct);

        Assert.False(off);
        Assert.True(screen.FrameDetection);
    }

    [Fact]
    public async Task PauseFrameDetection_BlocksForTheDurationAndReEnablesIt()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetFrameDetectionAsync(false, ct);

        await device.Client.Video.PauseFrameDetectionAsync(TimeSpan.FromSeconds(5), ct);

        Assert.True(device.Emulator.Host.Screen.FrameDetection);
        Assert.Single(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/mjpeg/detect/stop");
    }

    [Fact]
    public async Task Settings_ResetWhenTheDeviceRestarts()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var ct = TestContext.Current.CancellationToken;
        await device.Client.Video.SetResolutionAsync(ScreenResolution.R640x480, ct);
        await device.Client.Video.SetFrameDetectionAsync(false, ct);

        device.Emulator.Restart();
        using var frame = await device.Client.Video.GetScreenshotAsync(Quick, ct);

        Assert.Equal((800, 600), (frame.Width, frame.Height));
        Assert.True(device.Emulator.Host.Screen.FrameDetection);
    }
}
