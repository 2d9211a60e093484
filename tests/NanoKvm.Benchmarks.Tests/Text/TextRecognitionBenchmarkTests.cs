using NanoKvm.Benchmarks.Text;

namespace NanoKvm.Benchmarks.Tests.Text;

/// <summary>The OCR suite still reads the screen it draws, so its words/s figure counts words actually recognised.</summary>
public sealed class TextRecognitionBenchmarkTests
{
    [Fact]
    public async Task Read_RecognisesNearlyEveryWordOnTheScreen()
    {
        var benchmark = new TextRecognitionBenchmarks { Size = "1280x720", Preprocessing = "invert" };
        benchmark.Setup();

        var recognised = await benchmark.Read();

        Assert.True(benchmark.WordCount > 300, $"only {benchmark.WordCount} words drawn");
        // The caption and scene header add a few words; a shortfall of more than 5% means OCR lost text.
        Assert.InRange(recognised, benchmark.WordCount * 95 / 100, benchmark.WordCount + 20);
    }
}
