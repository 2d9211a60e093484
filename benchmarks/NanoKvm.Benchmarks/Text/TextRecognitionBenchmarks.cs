using System.Text;
using BenchmarkDotNet.Attributes;
using NanoKvm.Client.Video.Text;
using NanoKvm.Emulator.Host.Screen;

namespace NanoKvm.Benchmarks.Text;

/// <summary>
/// Tesseract OCR of an emulator screen full of text at the two common capture sizes, with the pre-processing variants
/// the SDK offers. Words per second is the expected word count divided by the mean time (see <see cref="WordCount"/>).
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class TextRecognitionBenchmarks
{
    private TextImage _image = null!;
    private TextRecognitionOptions _options = null!;

    [Params("1280x720", "1920x1080")]
    public string Size { get; set; } = "1280x720";

    /// <summary>none: grayscale only (dark-on-light left as is); invert: light-on-dark inverted; upscale2: ×2 plus invert.</summary>
    [Params("none", "invert", "upscale2")]
    public string Preprocessing { get; set; } = "none";

    /// <summary>The words drawn on the screen; printed at setup so words/s can be derived from the mean.</summary>
    public int WordCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split('x');
        var (width, height) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        var text = FillerText(width, height);
        var rgb = ScreenRenderer.Render(width, height, new ScreenContent("NanoKVM emulator", text, -1, -1));
        _image = TextImage.FromRgb(width, height, rgb.Pixels);
        _options = Preprocessing switch
        {
            "none" => new TextRecognitionOptions { InvertDark = false },
            "invert" => new TextRecognitionOptions { InvertDark = true },
            _ => new TextRecognitionOptions { InvertDark = true, Upscale = 2 },
        };
        WordCount = text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        Console.WriteLine($"// {Size} {Preprocessing}: {WordCount} words on screen");
    }

    [Benchmark]
    public async Task<int> Read()
    {
        var result = await TesseractTextRecognizer.Default.RecognizeAsync(_image, _options).ConfigureAwait(false);
        return result.Words.Count();
    }

    // Enough ordinary words to fill every row the renderer shows at this size.
    private static string FillerText(int width, int height)
    {
        string[] words = ["install", "system", "network", "device", "keyboard", "boot", "order", "enabled", "memory", "storage", "login", "password", "update", "complete"];
        var unit = ScreenRenderer.FontUnit(height);
        var (cellW, cellH) = (GlyphRasterizer.CellWidth(unit), GlyphRasterizer.CellHeight(unit));
        // The renderer's own layout: a two-cell caption bar, one-cell margins; the scene's header takes a few rows.
        var rows = (height - 2 * cellH - cellW) / cellH - 4;
        var columns = (width - 2 * cellW) / cellW - 1;
        var sb = new StringBuilder();
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            var line = new StringBuilder();
            while (line.Length + words[n % words.Length].Length + 1 < columns)
            {
                line.Append(words[n++ % words.Length]).Append(' ');
            }

            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return sb.ToString().TrimEnd();
    }
}
