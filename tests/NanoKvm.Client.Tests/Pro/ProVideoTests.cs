using NanoKvm.Client.Video;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Pro;

/// <summary>Video on the Pro: settings through /api/stream/*, no frame detection, the encoder takeover.</summary>
public sealed class ProVideoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScreenSettings_GoThroughTheStreamEndpoints()
    {
        await using var device = await ProDevice.StartAsync();

        await device.Client.Video.SetJpegQualityAsync(60, Ct);
        await device.Client.Video.SetH264BitrateAsync(5000, Ct);
        await device.Client.Video.SetFrameRateAsync(30, Ct);
        await device.Client.Video.SetH264GopAsync(90, Ct);
        await device.Client.Video.SetRateControlAsync(RateControlMode.Constant, Ct);
        await device.Client.Video.SetStreamModeAsync(VideoStreamMode.H264Direct, Ct);

        Assert.Equal(
            ["quality=60", "quality=5000", "fps=30", "gop=90", "rate-control=cbr", "mode=h264-direct"],
            device.Emulator.Encoder.Writes);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/vm/screen"));
    }

    [Fact]
    public async Task Resolution_AndFrameDetection_FailBeforeSending()
    {
        await using var device = await ProDevice.StartAsync();

        var resolution = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(
            () => device.Client.Video.SetResolutionAsync(ScreenResolution.R1280x720, Ct));
        var detection = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(
            () => device.Client.Video.SetFrameDetectionAsync(false, Ct));

        Assert.Contains("NanoKVM-Pro", resolution.Message, StringComparison.Ordinal);
        Assert.Contains("native resolution", resolution.Message, StringComparison.Ordinal);
        Assert.Contains("frame detection", detection.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/vm/screen"));
        Assert.Equal(0, device.Emulator.Requests.Count("/api/stream/mjpeg/detect"));
    }

    [Fact]
    public async Task FrameRate_On126_IsRefused_ItArrivedIn128()
    {
        await using var device = await ProDevice.StartAsync(FirmwareProfile.Pro_1_2_6);

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Video.SetFrameRateAsync(30, Ct));

        Assert.Contains("1.2.8", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/stream/fps"));
    }

    [Fact]
    public async Task StreamSettings_OnACube_AreRefused()
    {
        await using var device = await Infrastructure.EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);

        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Video.SetStreamModeAsync(VideoStreamMode.Mjpeg, Ct));

        // Only the anonymous pre-login family probe touched the route.
        Assert.Equal(1, device.Emulator.Requests.Count("/api/stream/mode"));
        Assert.Equal(0, device.Emulator.Requests.Entries.Count(e => e.Path == "/api/stream/mode" && e.HadSessionCookie));
    }

    [Fact]
    public async Task Screenshot_TakesTheEncoder_AndASilentStreamFailsFastWithTheReason()
    {
        await using var device = await ProDevice.StartAsync();

        using var frame = await device.Client.Video.GetScreenshotAsync(cancellationToken: Ct);
        Assert.True(device.Emulator.Encoder.IsMjpeg);

        device.Emulator.Encoder.SimulateBrowserH264();
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(
            () => device.Client.Video.GetScreenshotAsync(new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(30) }, Ct));

        Assert.Contains("H.264", error.Message, StringComparison.Ordinal);
        Assert.Contains("NanoKVM-Pro", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the silent stream was reported well before the 30 s timeout");
    }
}
