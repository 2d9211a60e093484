using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NanoKvm.Emulator.Tests.Standalone;

/// <summary>The emulator run on its own: bad arguments get one line of usage, SIGTERM stops it cleanly.</summary>
public sealed class StandaloneEmulatorTests
{
    [Theory]
    [InlineData("--port", "eighty")]
    [InlineData("--bogus")]
    [InlineData("--profile", "9.9.9")]
    [InlineData("--port")]
    public async Task BadArguments_PrintAReasonAndUsage_NotAStackTrace(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args, stopAfterStart: false);

        Assert.Equal(2, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("nanokvm-emulator: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("usage: nanokvm-emulator", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Sigterm_StopsItCleanly_WithExitCodeZero()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal.");
        var (code, stdout, stderr) = await RunAsync(["--port", "0"], stopAfterStart: true);

        Assert.Equal(0, code);
        Assert.Contains("listening on http://127.0.0.1:", stdout, StringComparison.Ordinal);
        Assert.Contains("Stopping.", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, bool stopAfterStart)
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NanoKvm.Emulator.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = new System.Text.StringBuilder();
        if (stopAfterStart)
        {
            var first = await process.StandardOutput.ReadLineAsync(ct);
            stdout.AppendLine(first);
            Assert.Equal(0, kill(process.Id, 15));
        }

        stdout.Append(await process.StandardOutput.ReadToEndAsync(ct));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, stdout.ToString(), await stderr);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
