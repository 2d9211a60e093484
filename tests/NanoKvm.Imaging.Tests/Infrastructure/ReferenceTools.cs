using System.Diagnostics;

namespace NanoKvm.Imaging.Tests.Infrastructure;

/// <summary>
/// Runs libjpeg-turbo's cjpeg / djpeg as the independent reference. Missing tools fail the test loudly: a skipped
/// comparison would look like a passing one.
/// </summary>
internal static class ReferenceTools
{
    private const string InstallHint = "Install them with: apt-get update && apt-get install -y libjpeg-turbo-progs (.ci/run does this).";

    /// <summary>Encodes a PPM with cjpeg and the given options (e.g. "-quality", "85", "-sample", "2x2").</summary>
    public static byte[] Cjpeg(RgbImage image, params string[] options) => Run("cjpeg", Ppm.Write(image), options);

    /// <summary>Decodes with djpeg to PNM (PPM, or PGM for grayscale files, expanded to RGB here).</summary>
    public static RgbImage Djpeg(byte[] jpeg, params string[] options) => Ppm.Read(Run("djpeg", jpeg, [.. options, "-pnm"]));

    /// <summary>Returns the full path of a tool, failing with installation advice when it isn't on PATH.</summary>
    public static string Locate(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (directory.Length == 0)
            {
                continue;
            }

            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"The reference tool '{tool}' (libjpeg-turbo) is not on PATH. {InstallHint}");
        return tool;
    }

    private static byte[] Run(string tool, byte[] input, string[] arguments)
    {
        // Files rather than pipes: no risk of a stdin/stdout deadlock and nothing to interleave.
        var inputPath = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(inputPath, input);
            var start = new ProcessStartInfo(Locate(tool))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(inputPath);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
            using var output = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
            return output.ToArray();
        }
        finally
        {
            File.Delete(inputPath);
        }
    }
}
