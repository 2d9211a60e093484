using System.Text;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Emulator.Tests.Video;

/// <summary>The emulated MJPEG stream on the wire: per-profile part framing, frame detection, signal loss.</summary>
public sealed class MjpegStreamTests
{
    public static TheoryData<string> Profiles() => [.. FirmwareProfile.All.Select(p => p.Name)];

    private static async Task<(string ContentType, byte[] Bytes)> ReadStreamAsync(EmulatorSession session, int minimumBytes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await session.Http.GetAsync("/api/stream/mjpeg", HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (buffer.Length < minimumBytes)
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, n);
        }

        return (response.Content.Headers.ContentType!.ToString(), buffer.ToArray());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Parts_AreFramedAsTheProfilesFirmwareFramesThem(string profile)
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.Parse(profile));
        await session.PostAsync("/api/stream/mjpeg/detect", new { enabled = false });

        var (contentType, bytes) = await ReadStreamAsync(session, 40_000);
        var text = Encoding.Latin1.GetString(bytes);

        Assert.Equal("multipart/x-mixed-replace; boundary=frame", contentType);
        Assert.StartsWith("--frame\r\nContent-Type: image/jpeg\r\n", text, StringComparison.Ordinal);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var header = text[..headerEnd];
        var jpegStart = headerEnd + 4;
        Assert.Equal(0xFF, bytes[jpegStart]);
        Assert.Equal(0xD8, bytes[jpegStart + 1]);
        if (FirmwareProfile.Parse(profile).MjpegContentLength)
        {
            var length = int.Parse(header[(header.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.EndsWith("Content-Length: " + length, header, StringComparison.Ordinal);
            Assert.Equal(new byte[] { 0xFF, 0xD9, 0x0D, 0x0A, (byte)'-', (byte)'-' }, bytes[(jpegStart + length - 2)..(jpegStart + length + 4)]);
        }
        else
        {
            Assert.DoesNotContain("Content-Length", header, StringComparison.OrdinalIgnoreCase);
            var next = text.IndexOf("\r\n--frame\r\n", jpegStart, StringComparison.Ordinal);
            Assert.True(next > jpegStart);
            Assert.Equal(new byte[] { 0xFF, 0xD9 }, bytes[(next - 2)..next]);
        }

        Assert.DoesNotContain("--frame--", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrameDetection_SendsNothingWhileTheScreenIsStatic_ThenTheChange()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_4);
        var screen = session.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        using var response = await session.Http.GetAsync("/api/stream/mjpeg", HttpCompletionOption.ResponseHeadersRead, ct);

        await WaitUntilAsync(() => screen.FramesSent == 1);
        await Task.Delay(300, ct); // ~9 capture ticks at 30 fps
        var afterStatic = screen.FramesSent;
        screen.Caption = "something changed";
        await WaitUntilAsync(() => screen.FramesSent == 2);

        Assert.Equal(1, afterStatic);
        Assert.Equal(screen.FrameId, screen.LastSentFrameId);
    }

    [Fact]
    public async Task WithoutFrameDetection_AStaticScreenKeepsStreaming()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_1);
        var screen = session.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        await session.PostAsync("/api/stream/mjpeg/detect", new { enabled = false });
        using var response = await session.Http.GetAsync("/api/stream/mjpeg", HttpCompletionOption.ResponseHeadersRead, ct);

        await WaitUntilAsync(() => screen.FramesSent >= 5);

        Assert.False(screen.FrameDetection);
    }

    [Fact]
    public async Task SignalLoss_StopsFrames_AndReportsACaptureError()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_1);
        var screen = session.Emulator.Host.Screen;
        var ct = TestContext.Current.CancellationToken;
        var statuses = new List<CaptureStatus>();
        screen.CaptureStatusChanged += s =>
        {
            lock (statuses)
            {
                statuses.Add(s);
            }
        };
        await session.PostAsync("/api/stream/mjpeg/detect", new { enabled = false });
        using var response = await session.Http.GetAsync("/api/stream/mjpeg", HttpCompletionOption.ResponseHeadersRead, ct);
        await WaitUntilAsync(() => screen.FramesSent >= 1);

        screen.HasSignal = false;
        await WaitUntilAsync(() => screen.GetCaptureStatus("mjpeg")?.Result == -1);
        var sentWithoutSignal = screen.FramesSent;
        await Task.Delay(200, ct);

        Assert.Equal(sentWithoutSignal, screen.FramesSent);
        var status = screen.GetCaptureStatus("mjpeg")!;
        Assert.Equal(("No image captured", "error", false, "mjpeg"), (status.Message, status.Severity, status.Ok, status.Mode));
        lock (statuses)
        {
            Assert.Contains(statuses, s => s.Result == -1);
        }
    }

    [Fact]
    public async Task TheFirstFrameAfterAWake_ShowsThePreviousContent_ThenTheCurrentOne()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_0);
        var screen = session.Emulator.Host.Screen;
        var capture = screen.Capture;
        capture.FrameDetection = false;
        var before = capture.ReadMjpeg(out _)!;

        capture.StopForIdle();
        screen.Caption = "new content";
        var stopped = capture.ReadMjpeg(out var stoppedResult);
        capture.AddViewer();
        CapturedFrame? stale;
        int result;
        var warmingSeen = false;
        while ((stale = capture.ReadMjpeg(out result)) is null && result == -5)
        {
            warmingSeen = true;
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        var current = capture.ReadMjpeg(out _)!;

        Assert.Null(stopped);
        Assert.Equal(-1, stoppedResult);
        Assert.True(warmingSeen || stale is not null);
        Assert.Equal(before.FrameId, stale!.FrameId);
        Assert.Equal(screen.FrameId, current.FrameId);
        Assert.NotEqual(before.FrameId, current.FrameId);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "condition not reached");
    }
}
