using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NanoKvm.Client.Video.Text;

/// <summary>
/// Recognizes text with the Tesseract command (<c>tesseract stdin stdout … tsv</c>), installed the platform's usual
/// way (Debian/Ubuntu: <c>apt-get install tesseract-ocr tesseract-ocr-eng</c>; macOS: <c>brew install tesseract</c>;
/// Windows: the UB Mannheim installer). When it is missing, calls fail with <see cref="TextRecognitionException"/>
/// saying how to install it; nothing else in the SDK needs it.
/// </summary>
/// <remarks>
/// The command line was chosen over binding <c>libtesseract</c>: loading the English model costs about 0.2 s of a
/// 0.6–0.9 s call on a 1280×720 screen, but the command behaves the same on every platform's install (no native
/// library names or ABI to match, nothing to trim or AOT-compile), isolates engine crashes, and cancels by ending the
/// process. See docs/video.md for the figures.
/// </remarks>
public sealed class TesseractTextRecognizer : ITextRecognizer
{
    private const string InstallHelp =
        "Install Tesseract OCR 5 with English data — Debian/Ubuntu: sudo apt-get install tesseract-ocr tesseract-ocr-eng; " +
        "Fedora: sudo dnf install tesseract tesseract-langpack-eng; macOS: brew install tesseract; Windows: winget install " +
        "UB-Mannheim.TesseractOCR — then put tesseract on PATH or set TesseractOptions.ExecutablePath.";

    private readonly TesseractOptions _options;

    /// <summary>Creates a recognizer.</summary>
    /// <param name="options">How to run Tesseract; null for the defaults (<c>tesseract</c> on PATH, English).</param>
    public TesseractTextRecognizer(TesseractOptions? options = null)
    {
        _options = options ?? new TesseractOptions();
        _options.Validate();
    }

    /// <summary>A shared recognizer with the default options.</summary>
    public static TesseractTextRecognizer Default { get; } = new();

    /// <summary>The options it runs with.</summary>
    public TesseractOptions Options => _options;

    /// <inheritdoc />
    public async Task<RecognizedText> RecognizeAsync(TextImage image, TextRecognitionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= TextRecognitionOptions.Default;
        TextRecognitionOptions.Validate(options, image);
        var started = Stopwatch.GetTimestamp();
        var region = options.Region ?? new TextBox(0, 0, image.Width, image.Height);
        byte[] input;
        double scale = 1;
        int offsetX = 0, offsetY = 0;
        if (image.IsEncoded)
        {
            input = image.Data.ToArray();
        }
        else
        {
            var (pixels, width, height) = GrayPreprocessor.Prepare(image, region, options.Upscale, options.InvertDark);
            input = ToPgm(pixels, width, height);
            scale = options.Upscale;
            (offsetX, offsetY) = (region.X, region.Y);
        }

        var tsv = await RunAsync(input, cancellationToken).ConfigureAwait(false);
        var lines = TesseractTsv.Parse(tsv, scale, offsetX, offsetY, options.MinConfidence);
        var result = new RecognizedText(image.Width, image.Height, lines, Stopwatch.GetElapsedTime(started));
        return image.IsEncoded && options.Region is { } filter ? result.Within(filter) : result;
    }

    private static byte[] ToPgm(byte[] pixels, int width, int height)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{width} {height}\n255\n"));
        var pgm = new byte[header.Length + pixels.Length];
        header.CopyTo(pgm, 0);
        pixels.CopyTo(pgm, header.Length);
        return pgm;
    }

    private async Task<string> RunAsync(byte[] input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_options.ExecutablePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in (string[])["stdin", "stdout", "-l", _options.Language, "--psm",
            _options.PageSegmentationMode.ToString(CultureInfo.InvariantCulture), "tsv"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_THREAD_LIMIT"] = _options.Threads.ToString(CultureInfo.InvariantCulture);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new TextRecognitionException($"Could not start '{_options.ExecutablePath}'. {InstallHelp}", engineMissing: true);
        }
        catch (Win32Exception e)
        {
            throw new TextRecognitionException($"Tesseract OCR was not found ('{_options.ExecutablePath}': {e.Message}). {InstallHelp}", engineMissing: true, e);
        }

        using (process)
        {
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var output = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw Failure(process.ExitCode, errors);
                }

                return output;
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                // The engine closed its input early: it failed to start properly (e.g. missing language data).
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw Failure(process.ExitCode, await process.StandardError.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false), e);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private TextRecognitionException Failure(int exitCode, string errors, Exception? inner = null)
    {
        var detail = errors.Trim();
        if (detail.Length > 500)
        {
            detail = detail[^500..];
        }

        var missingLanguage = detail.Contains("Failed loading language", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("Error opening data file", StringComparison.OrdinalIgnoreCase);
        return missingLanguage
            ? new TextRecognitionException($"Tesseract has no trained data for '{_options.Language}': {detail} {InstallHelp}", engineMissing: true, inner)
            : new TextRecognitionException($"Tesseract failed (exit code {exitCode}): {detail}", engineMissing: false, inner);
    }
}
