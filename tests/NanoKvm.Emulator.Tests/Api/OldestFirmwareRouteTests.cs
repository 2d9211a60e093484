using System.Net;
using System.Text;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Storage;

namespace NanoKvm.Emulator.Tests.Api;

/// <summary>
/// Firmware 2.2.0 and 2.3.0 as their source has them: which routes exist, frame detection as a toggled flag file
/// (2.2.0–2.2.2), mounts decided by the file name (2.2.0).
/// </summary>
public sealed class OldestFirmwareRouteTests
{
    private const string Iso = "/data/ubuntu-24.04-live-server-amd64.iso";
    private const string Img = "/data/memtest86-usb.img";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.0", "GET", "/api/storage/cdrom", HttpStatusCode.NotFound)]
    [InlineData("2.2.0", "GET", "/api/hid/mode", HttpStatusCode.NotFound)]
    [InlineData("2.2.0", "GET", "/api/vm/hdmi", HttpStatusCode.NotFound)]
    [InlineData("2.2.0", "POST", "/api/vm/hdmi/enable", HttpStatusCode.NotFound)]
    [InlineData("2.2.0", "POST", "/api/vm/hdmi/reset", HttpStatusCode.OK)]
    [InlineData("2.2.0", "GET", "/api/stream/mjpeg/detect", HttpStatusCode.OK)]
    [InlineData("2.2.0", "GET", "/api/stream/h264/direct", HttpStatusCode.NotFound)]
    [InlineData("2.2.x", "GET", "/api/stream/mjpeg/detect", HttpStatusCode.NotFound)]
    [InlineData("2.3.0", "GET", "/api/stream/mjpeg/detect", HttpStatusCode.NotFound)]
    [InlineData("2.3.0", "GET", "/api/storage/cdrom", HttpStatusCode.OK)]
    [InlineData("2.3.0", "GET", "/api/hid/mode", HttpStatusCode.OK)]
    [InlineData("2.3.0", "GET", "/api/vm/hdmi", HttpStatusCode.OK)]
    public async Task Routes_ExistExactlyWhereTheReleaseHasThem(string profile, string method, string path, HttpStatusCode expected)
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.Parse(profile));

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await s.Http.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task On220_FrameDetectPost_TogglesWhateverTheBodySays()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_2_0);
        var screen = s.Emulator.Host.Screen;

        var first = await s.PostAsync("/api/stream/mjpeg/detect", new { enabled = false });
        var second = await s.PostAsync("/api/stream/mjpeg/detect", new { enabled = false });
        using var garbage = new StringContent("not json", Encoding.UTF8, "application/json");
        using var third = await s.Http.PostAsync("/api/stream/mjpeg/detect", garbage, Ct);
        var read = await s.GetAsync("/api/stream/mjpeg/detect");

        Assert.False(first.GetProperty("data").GetProperty("enabled").GetBoolean());
        Assert.True(second.GetProperty("data").GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.False(read.GetProperty("data").GetProperty("enabled").GetBoolean());
        Assert.False(screen.FrameDetection);
    }

    [Fact]
    public async Task On220_Stop_Pauses20sWithoutBlocking_WhileTheStateStillReadsOn()
    {
        // TimeScale 0.01: the firmware's 20 s are 200 ms here.
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_2_0);
        var screen = s.Emulator.Host.Screen;

        var stop = await s.PostAsync("/api/stream/mjpeg/detect/stop", new { duration = 3600 });
        var during = await s.GetAsync("/api/stream/mjpeg/detect");

        Assert.Equal(0, stop.GetProperty("code").GetInt32());
        Assert.False(screen.FrameDetection);
        Assert.True(during.GetProperty("data").GetProperty("enabled").GetBoolean());
        var limit = DateTime.UtcNow.AddSeconds(15);
        while (!screen.FrameDetection)
        {
            Assert.True(DateTime.UtcNow < limit, "Detection did not come back after the pause.");
            await Task.Delay(10, Ct);
        }
    }

    [Theory]
    [InlineData("2.2.0", false)]
    [InlineData("2.3.0", true)]
    public async Task Restart_KeepsTheFlagFile_ButResetsTheSetting(string profile, bool onAfterRestart)
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.Parse(profile));
        await s.PostAsync("/api/stream/mjpeg/detect", new { enabled = false });
        Assert.False(s.Emulator.Host.Screen.FrameDetection);

        s.Emulator.Restart();

        Assert.Equal(onAfterRestart, s.Emulator.Host.Screen.FrameDetection);
    }

    [Fact]
    public async Task On220_Mount_DecidesCdRomByTheName_IgnoringTheCdromField()
    {
        await using var s = await RawSession.StartAsync(FirmwareProfile.V2_2_0);
        var storage = s.Emulator.Storage;

        await s.PostAsync("/api/storage/image/mount", new { file = Iso, cdrom = false });
        Assert.Equal((Iso, true, true), (storage.MountedImage, storage.CdRom, storage.ReadOnly));

        await s.PostAsync("/api/storage/image/mount", new { file = Img, cdrom = true });
        Assert.Equal((Img, false, false), (storage.MountedImage, storage.CdRom, storage.ReadOnly));

        var missing = await s.PostAsync("/api/storage/image/mount", new { file = "/data/missing.ISO" });
        Assert.Equal(-2, missing.GetProperty("code").GetInt32());
        Assert.Equal(((string?)null, true, true), (storage.MountedImage, storage.CdRom, storage.ReadOnly));

        await s.PostAsync("/api/storage/image/mount", new { file = string.Empty });
        Assert.Equal(((string?)null, false, false), (storage.MountedImage, storage.CdRom, storage.ReadOnly));
        Assert.Equal(
            [new MountRequest(Iso, false), new MountRequest(Img, true), new MountRequest(string.Empty, false)],
            storage.MountRequests);
    }
}
