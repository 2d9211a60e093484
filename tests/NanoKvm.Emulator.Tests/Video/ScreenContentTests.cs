using NanoKvm.Emulator.Firmware;
using NanoKvm.Imaging;
using NanoKvm.Imaging.Jpeg;

namespace NanoKvm.Emulator.Tests.Video;

/// <summary>The rendered host screen follows the keyboard transcript and the pointer.</summary>
public sealed class ScreenContentTests
{
    private static RgbImage Capture(NanoKvmEmulator emulator)
    {
        var frame = emulator.Host.Screen.Capture.ReadMjpeg(out var result);
        Assert.Equal(0, result);
        return JpegDecoder.Decode(frame!.Jpeg);
    }

    [Fact]
    public async Task TypedText_ChangesTheFrameId_AndAppearsBelowTheCaptionBar()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_5_1);
        var emulator = session.Emulator;
        var screen = emulator.Host.Screen;
        screen.Capture.FrameDetection = false;
        var before = Capture(emulator);
        var idBefore = screen.FrameId;

        var keyboard = emulator.Host.Keyboard;
        lock (keyboard.Gate)
        {
            keyboard.TranscriptBuilder.Append("hello world\nsecond line");
        }

        keyboard.OnChanged();
        var after = Capture(emulator);
        var difference = FrameComparer.Compare(before, after);

        Assert.True(screen.FrameId > idBefore);
        Assert.True(difference.HasChanges);
        var bounds = difference.ChangedBounds!.Value;
        Assert.True(bounds.Y >= 8 * Math.Max(1, after.Height / 270), "text is drawn below the caption bar");
        Assert.True(bounds.X < after.Width / 4, "text starts at the left margin");
    }

    [Fact]
    public async Task PointerMove_ChangesThePixelsAroundThePointer()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_4);
        var emulator = session.Emulator;
        emulator.Host.Screen.Capture.FrameDetection = false;
        var before = Capture(emulator);

        emulator.Host.Mouse.X = 0.1;
        emulator.Host.Mouse.Y = 0.9;
        emulator.Host.Mouse.OnChanged();
        var after = Capture(emulator);
        var bounds = FrameComparer.Compare(before, after).ChangedBounds!.Value;

        // The pointer left the centre and appeared bottom-left: the change spans both places.
        Assert.True(bounds.X <= (int)(0.1 * after.Width) + 1);
        Assert.True(bounds.X + bounds.Width >= after.Width / 2);
        Assert.True(bounds.Y + bounds.Height >= (int)(0.9 * after.Height));
    }

    [Fact]
    public async Task UnchangedContent_KeepsTheFrameId()
    {
        await using var session = await EmulatorSession.StartAsync(FirmwareProfile.V2_4);
        var screen = session.Emulator.Host.Screen;
        var id = screen.FrameId;

        session.Emulator.Host.Mouse.OnChanged();
        screen.Caption = screen.Caption;

        Assert.Equal(id, screen.FrameId);
    }
}
