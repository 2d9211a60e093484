using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Tests.Video;
using NanoKvm.Client.Video.Text;
using NanoKvm.Emulator.Host.Screen;

namespace NanoKvm.Client.Tests.Video.Text;

/// <summary>Reading the emulator's screen with the real Tesseract: read, find, wait for text to appear and go away.</summary>
public sealed class ScreenTextTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadText_FindsTheTypedText()
    {
        await using var device = await EmulatedDevice.StartAsync();
        await device.Client.Keyboard.TypeTextAsync("hello world from the keyboard", cancellationToken: Ct);

        using var read = await device.Client.Video.ReadTextAsync(cancellationToken: Ct);

        Assert.Contains("hello world from the keyboard", read.Text.Text, StringComparison.Ordinal);
        Assert.Contains("emulator", read.Text.Text, StringComparison.Ordinal);
        Assert.Equal(read.Frame.Width, read.Text.Width);
        Assert.All(read.Text.Words, w => Assert.True(w.Box.IsInside(new TextBox(0, 0, read.Frame.Width, read.Frame.Height)), $"{w} outside the frame"));
    }

    [Fact]
    public async Task ReadText_WithRegion_KeepsOnlyTheWordsInside()
    {
        await using var device = await EmulatedDevice.StartAsync();
        await device.Client.Keyboard.TypeTextAsync("first line here\nsecond line there", cancellationToken: Ct);
        using var whole = await device.Client.Video.ReadTextAsync(cancellationToken: Ct);
        var second = Assert.Single(whole.Text.Find(TextQuery.Literal("second line"))).Line.Box;

        var below = new TextBox(0, second.Y - 2, whole.Frame.Width, whole.Frame.Height - second.Y + 2);
        using var part = await device.Client.Video.ReadTextAsync(new TextRecognitionOptions { Region = below }, cancellationToken: Ct);

        Assert.Equal("second line there", part.Text.Text);
        Assert.Contains("first line here", whole.Text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindText_ByPattern_BoxesTheMatchedCharacters()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.Scene = ScreenScene.BiosSetup);

        using var found = await device.Client.Video.FindTextAsync(TextQuery.Regex(@"BIOS Version [\d.]+"), cancellationToken: Ct);

        var match = Assert.Single(found.Matches);
        Assert.StartsWith("BIOS Version ", match.Text, StringComparison.Ordinal);
        // The font is monospaced, 6 cells of 2 px per character at 600 lines: the match spans its characters' cells.
        Assert.InRange(match.Box.X, 10, 14);
        // "BIOS Version" and the version are 29 cells apart on screen (OCR joins the gap into one space).
        Assert.InRange(match.Box.Right, match.Box.X + 12 * 27, match.Box.X + 12 * 31);
    }

    [Fact]
    public async Task FindText_NotOnScreen_GivesNoMatch()
    {
        await using var device = await EmulatedDevice.StartAsync();

        using var found = await device.Client.Video.FindTextAsync(TextQuery.Literal("Installation complete"), cancellationToken: Ct);

        Assert.Empty(found.Matches);
        Assert.Null(found.Match);
    }

    [Fact]
    public async Task WaitForText_SeesTextTypedAfterTheCallStarted()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.Scene = ScreenScene.LoginPrompt);
        var readCount = 0;
        var progress = new SynchronousProgress<TextWaitProgress>(p => Interlocked.Exchange(ref readCount, p.Reads));

        var waiting = device.Client.Video.WaitForTextAsync(TextQuery.Literal("Password"), TimeSpan.FromSeconds(30), progress: progress, cancellationToken: Ct);
        await ScreenshotTests.WaitUntilAsync(() => Volatile.Read(ref readCount) >= 1);
        Assert.False(waiting.IsCompleted);
        await device.Client.Keyboard.TypeTextAsync("admin\nPassword:", cancellationToken: Ct);
        using var found = await waiting;

        Assert.Equal("Password", found.Match!.Text);
        Assert.True(found.Reads >= 2, $"read {found.Reads} frames");
        Assert.Contains("login: admin", found.Text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForText_Timeout_ThrowsTheTimeoutNamingTheText()
    {
        await using var device = await EmulatedDevice.StartAsync();

        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() =>
            device.Client.Video.WaitForTextAsync(TextQuery.Literal("never shown"), TimeSpan.FromSeconds(2), cancellationToken: Ct));

        Assert.Contains("\"never shown\" did not appear", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForTextGone_ReturnsTheFirstFrameWithoutIt()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.Scene = ScreenScene.LoginPrompt);
        var screen = device.Emulator.Host.Screen;
        await device.Client.Keyboard.TypeTextAsync("still here", cancellationToken: Ct);

        var waiting = device.Client.Video.WaitForTextGoneAsync(TextQuery.Literal("login:"), TimeSpan.FromSeconds(30), cancellationToken: Ct);
        await Task.Delay(300, Ct);
        Assert.False(waiting.IsCompleted);
        screen.Scene = ScreenScene.Transcript;
        using var gone = await waiting;

        Assert.Empty(gone.Matches);
        Assert.Contains("still here", gone.Text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTesseract_FailsWithHowToInstallIt_AndTheDeviceStillWorks()
    {
        var missing = new TesseractTextRecognizer(new TesseractOptions { ExecutablePath = "/nonexistent/tesseract" });
        await using var device = await EmulatedDevice.StartAsync(configureClient: c => c.Video.TextRecognizer = missing);

        var error = await Assert.ThrowsAsync<TextRecognitionException>(() => device.Client.Video.ReadTextAsync(cancellationToken: Ct));

        Assert.True(error.EngineMissing);
        Assert.Contains("apt-get install tesseract-ocr tesseract-ocr-eng", error.Message, StringComparison.Ordinal);
        using var frame = await device.Client.Video.GetScreenshotAsync(cancellationToken: Ct);
        Assert.True(frame.Length > 0);
    }

    [Fact]
    public async Task MissingLanguage_FailsAsEngineMissing()
    {
        var recognizer = new TesseractTextRecognizer(new TesseractOptions { Language = "xyz" });
        await using var device = await EmulatedDevice.StartAsync(configureClient: c => c.Video.TextRecognizer = recognizer);

        var error = await Assert.ThrowsAsync<TextRecognitionException>(() => device.Client.Video.ReadTextAsync(cancellationToken: Ct));

        Assert.True(error.EngineMissing);
        Assert.Contains("'xyz'", error.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
