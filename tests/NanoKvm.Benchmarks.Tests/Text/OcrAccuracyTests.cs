using NanoKvm.Benchmarks.Text;
using NanoKvm.Emulator.Host.Screen;

namespace NanoKvm.Benchmarks.Tests.Text;

/// <summary>
/// Word accuracy of OCR on the emulator's scenes (every expected word, caption included) and on real-looking
/// screens (held to a floor), printed with every missed word. A word counts only when the recognised words contain
/// exactly that token, case and punctuation included.
/// </summary>
public sealed class OcrAccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<int, int> Sizes => [.. OcrAccuracy.Sizes];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task EmulatorScenes_EveryExpectedWordIsRead(int width, int height)
    {
        var (read, expected, missed) = await MeasureAll(OcrAccuracy.EmulatorScreens, width, height, throughJpeg: false);

        Assert.True(missed.Count == 0, $"{read}/{expected} words at {width}×{height}; missed: {string.Join(' ', missed)}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task EmulatorScenes_ThroughTheEmulatorsJpeg_EveryExpectedWordIsRead(int width, int height)
    {
        var (read, expected, missed) = await MeasureAll(OcrAccuracy.EmulatorScreens, width, height, throughJpeg: true);

        Assert.True(missed.Count == 0, $"{read}/{expected} words at {width}×{height} through JPEG; missed: {string.Join(' ', missed)}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task RealLookingScreens_AreReadAboveTheMeasuredFloor(int width, int height)
    {
        var (read, expected, _) = await MeasureAll(OcrAccuracy.RealLookingScreens, width, height, throughJpeg: false);

        // Measured 93/93 at every size with Tesseract 5.3 eng (docs/video.md); one word of room, because moving a single
        // stroke by a fifth of a font unit has flipped single words of these screens either way.
        Assert.True(read >= expected - 1, $"{read}/{expected} words at {width}×{height}");
    }

    private async Task<(int Read, int Expected, List<string> Missed)> MeasureAll(
        IReadOnlyList<(string Name, ScreenScene Scene, string Text)> screens, int width, int height, bool throughJpeg)
    {
        var (expected, read, allMissed) = (0, 0, new List<string>());
        foreach (var (name, scene, text) in screens)
        {
            var (count, missed, recognized) = await OcrAccuracy.MeasureAsync(scene, text, width, height, throughJpeg, TestContext.Current.CancellationToken);
            output.WriteLine($"{name}: {count - missed.Count}/{count} words; missed: {string.Join(' ', missed)}");
            if (missed.Count > 0)
            {
                output.WriteLine($"  read: {recognized.ReplaceLineEndings(" | ")}");
            }

            (expected, read) = (expected + count, read + count - missed.Count);
            allMissed.AddRange(missed);
        }

        output.WriteLine($"{width}×{height}{(throughJpeg ? " through JPEG" : string.Empty)}: word accuracy {(double)read / expected:P1} ({read}/{expected})");
        return (read, expected, allMissed);
    }
}
