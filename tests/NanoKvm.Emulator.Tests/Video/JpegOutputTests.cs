using System.Diagnostics;
using System.Text;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Video;

namespace NanoKvm.Emulator.Tests.Video;

/// <summary>Every JPEG the emulator produces decodes in a standard decoder (libjpeg-turbo's djpeg) at the right size.</summary>
public sealed class JpegOutputTests
{
    private const string AllPrintable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    [Fact]
    public async Task EveryResolutionAndQuality_DecodesInDjpeg()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_1);
        var screen = session.Emulator.Host.Screen;
        var capture = screen.Capture;
        capture.FrameDetection = false;
        screen.Caption = AllPrintable + " \u00e9\u20ac";
        session.Emulator.Host.Mouse.X = 0.999;
        session.Emulator.Host.Mouse.Y = 0.999;
        session.Emulator.Host.Mouse.OnChanged();

        foreach (var (height, width) in new[] { (1080, 1920), (720, 1280), (600, 800), (480, 640), (0, 800) })
        {
            foreach (var quality in new[] { 50, 60, 80, 100 })
            {
                screen.Settings.Apply("resolution", height);
                screen.Settings.Apply("quality", quality);
                var frame = capture.ReadMjpeg(out var result);

                Assert.Equal(0, result);
                var (w, h) = await DecodeAsync(frame!.Jpeg);
                Assert.Equal((width, height == 0 ? 600 : height), (w, h));
                Assert.Equal(screen.FrameId, JpegComment.ReadFrameId(frame.Jpeg));
            }
        }
    }

    [Fact]
    public async Task StreamedFrames_DecodeInDjpeg_ForOddInputSizes()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_2);
        var screen = session.Emulator.Host.Screen;
        screen.Capture.FrameDetection = false;
        foreach (var (w, h) in new[] { (333, 177), (1024, 768), (17, 16) })
        {
            screen.SetInputResolution(w, h);
            screen.Caption = $"{w}x{h} pointer at the corner";
            var frame = screen.Capture.ReadMjpeg(out _)!;

            Assert.Equal((w, h), await DecodeAsync(frame.Jpeg));
        }
    }

    internal static async Task<(int Width, int Height)> DecodeAsync(byte[] jpeg)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nanokvm-emulator-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, jpeg, TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo("djpeg", ["-pnm", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Assert.Fail($"djpeg is not installed ({ex.Message}); install Debian's libjpeg-turbo-progs (apt-get install -y libjpeg-turbo-progs).");
                throw;
            }

            using (process)
            {
                var output = new MemoryStream();
                var copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
                var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                await copy;
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);

                Assert.True(process.ExitCode == 0 && errors.Length == 0, $"djpeg failed ({process.ExitCode}): {errors}");
                var header = Encoding.ASCII.GetString(output.GetBuffer(), 0, (int)Math.Min(64, output.Length)).Split('\n');
                Assert.Equal("P6", header[0]);
                var size = header[1].Split(' ');
                return (int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
