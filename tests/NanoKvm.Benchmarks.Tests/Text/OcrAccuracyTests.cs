using NanoKvm.Benchmarks.Text;

namespace NanoKvm.Benchmarks.Tests.Text;

/// <summary>Word accuracy of OCR on the emulator's scenes and on real-looking screens, printed and held to a floor.</summary>
public sealed class OcrAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EmulatorScenes_AreReadAboveTheMeasuredFloor()
    {
        var accuracy = await MeasureAll(OcrAccuracy.EmulatorScreens);

        // Measured 85.5% (47/55) with Tesseract 5.3 eng; the target of 100% is not reached yet (docs/video.md).
        Assert.True(accuracy >= 0.80, $"word accuracy {accuracy:P1}");
    }

    [Fact]
    public async Task RealLookingScreens_AreReadAboveTheMeasuredFloor()
    {
        var accuracy = await MeasureAll(OcrAccuracy.RealLookingScreens);

        // Measured 81.6% (71/87) with Tesseract 5.3 eng: prompts, paths and bracketed values are what it misses.
        Assert.True(accuracy >= 0.75, $"word accuracy {accuracy:P1}");
    }

    private async Task<double> MeasureAll(IReadOnlyList<(string Name, NanoKvm.Emulator.Host.Screen.ScreenScene Scene, string Text)> screens)
    {
        var (expected, read) = (0, 0);
        foreach (var (name, scene, text) in screens)
        {
            var (count, missed) = await OcrAccuracy.MeasureAsync(scene, text, cancellationToken: TestContext.Current.CancellationToken);
            output.WriteLine($"{name}: {count - missed.Count}/{count} words; missed: {string.Join(' ', missed)}");
            (expected, read) = (expected + count, read + count - missed.Count);
        }

        var accuracy = (double)read / expected;
        output.WriteLine($"word accuracy {accuracy:P1} ({read}/{expected})");
        return accuracy;
    }
}
