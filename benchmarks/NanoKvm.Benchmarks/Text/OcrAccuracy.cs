using NanoKvm.Client.Video.Text;
using NanoKvm.Emulator.Host.Screen;
using NanoKvm.Imaging;
using NanoKvm.Imaging.Jpeg;

namespace NanoKvm.Benchmarks.Text;

/// <summary>
/// Word accuracy of the Tesseract recognizer on screens drawn by the emulator's renderer: its own scenes and
/// real-looking screens (BIOS text mode, a shell session, a dialog with buttons) whose text is known exactly.
/// </summary>
public static class OcrAccuracy
{
    // The title bar's text, the emulator's default; its words are expected like the rest of the screen.
    private const string Caption = "NanoKVM emulator";

    /// <summary>
    /// Screen sizes measured: the emulator's default (the virtual host's 800×600 HDMI input, which capture follows
    /// until a resolution is set), then 720p and 1080p.
    /// </summary>
    public static IReadOnlyList<(int Width, int Height)> Sizes { get; } = [(800, 600), (1280, 720), (1920, 1080)];

    /// <summary>The emulator's scenes, as a test or a demo shows them after some typing.</summary>
    public static IReadOnlyList<(string Name, ScreenScene Scene, string Text)> EmulatorScreens { get; } =
    [
        ("transcript", ScreenScene.Transcript, "hello from the NanoKVM emulator\nsudo apt install tesseract-ocr"),
        ("bios scene", ScreenScene.BiosSetup, string.Empty),
        ("login scene", ScreenScene.LoginPrompt, "admin"),
    ];

    /// <summary>Screens an agent meets on real machines, drawn in the emulator's font.</summary>
    public static IReadOnlyList<(string Name, ScreenScene Scene, string Text)> RealLookingScreens { get; } =
    [
        ("bios text mode", ScreenScene.Transcript,
            "Aptio Setup Utility - Copyright (C) 2023 American Megatrends\n\n"
            + "System Date            [Tue 12/02/2025]\nSystem Time            [14:32:07]\n"
            + "SATA Port 0            Samsung SSD 870 (500GB)\nSecure Boot            [Disabled]\n"
            + "Fast Boot              [Enabled]\n\nF1 Help   F9 Optimized Defaults   F10 Save & Exit   ESC Exit"),
        ("terminal", ScreenScene.Transcript,
            "user@server:~$ uname -a\nLinux server 6.8.0-45-generic x86_64 GNU/Linux\n"
            + "user@server:~$ df -h /\nFilesystem Size Used Avail Use% Mounted on\n/dev/sda2 98G 41G 52G 45% /\n"
            + "user@server:~$ systemctl status nginx\nActive: active (running) since Mon 2025-12-01"),
        ("dialog", ScreenScene.Transcript,
            "+------------------------------------------+\n| Installation complete                    |\n"
            + "|                                          |\n| Remove the installation medium, then     |\n"
            + "| press Continue to reboot the computer.   |\n|                                          |\n"
            + "|      [ Continue ]      [ Go Back ]       |\n+------------------------------------------+"),
    ];

    /// <summary>Renders one screen, reads it and returns the number of expected words, the missed ones and the text read.</summary>
    /// <param name="scene">The emulator's scene.</param>
    /// <param name="text">The typed text shown in it.</param>
    /// <param name="width">Screen width in pixels.</param>
    /// <param name="height">Screen height in pixels.</param>
    /// <param name="throughJpeg">
    /// Read the JPEG the emulator would send (quality 80, 4:2:0), as the SDK does with a frame, instead of the pixels.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<(int Expected, IReadOnlyList<string> Missed, string Read)> MeasureAsync(
        ScreenScene scene, string text, int width = 800, int height = 600, bool throughJpeg = false, CancellationToken cancellationToken = default)
    {
        var rgb = ScreenRenderer.Render(width, height, new ScreenContent(Caption, text, -1, -1, scene));
        var image = throughJpeg
            ? TextImage.FromEncoded(JpegEncoder.Encode(rgb, 80, ChromaSubsampling.Yuv420), width, height)
            : TextImage.FromRgb(width, height, rgb.Pixels);
        var result = await TesseractTextRecognizer.Default.RecognizeAsync(image, cancellationToken: cancellationToken).ConfigureAwait(false);

        // A word counts as read when the same token occurs among the recognised words (each used once).
        var seen = result.Words.Select(w => w.Text).GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var expected = Words(Caption + '\n' + SceneText.Compose(scene, text)).ToList();
        var missed = new List<string>();
        foreach (var word in expected)
        {
            if (seen.TryGetValue(word, out var n) && n > 0)
            {
                seen[word] = n - 1;
            }
            else
            {
                missed.Add(word);
            }
        }

        return (expected.Count, missed, result.Text);
    }

    // Box-drawing characters are decoration, not words a user would search for.
    private static IEnumerable<string> Words(string text) =>
        text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Any(char.IsLetterOrDigit));
}
