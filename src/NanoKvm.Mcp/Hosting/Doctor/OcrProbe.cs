using System.ComponentModel;
using System.Diagnostics;

namespace NanoKvm.Mcp.Hosting.Doctor;

/// <summary>Whether the Tesseract command-line tool, which OCR uses, is on PATH.</summary>
internal static class OcrProbe
{
    public static async Task<DoctorCheck> CheckAsync(CancellationToken cancellationToken)
    {
        const string Name = "OCR (tesseract)";
        try
        {
            var start = new ProcessStartInfo("tesseract", "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start);
            if (process is null)
            {
                return Missing();
            }

            // Tesseract prints its version on stdout or stderr depending on the release.
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var first = ((await output) + (await errors)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return DoctorCheck.Pass(Name, $"available ({first ?? "tesseract"})");
        }
        catch (Win32Exception)
        {
            return Missing();
        }

        static DoctorCheck Missing() =>
            new(Name, CheckOutcome.Note, "not found (install tesseract-ocr)", "Optional: install tesseract-ocr (e.g. apt-get install tesseract-ocr) for screen text reading.");
    }
}
