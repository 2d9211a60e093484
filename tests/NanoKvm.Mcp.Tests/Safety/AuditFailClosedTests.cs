using System.Diagnostics;
using System.Text.Json;
using NanoKvm.Mcp.Safety;
using NanoKvm.Mcp.Tests.Hosting;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>
/// Issue 13, case 5: the audit log fails closed. A target that cannot be written, or that is stdout by any path,
/// stops start-up; a decision line that cannot be written stops the action.
/// </summary>
public sealed class AuditFailClosedTests
{
    /// <summary>Targets that cannot take a line: a full device, a directory, a path below a regular file.</summary>
    public static TheoryData<string> UnwritableTargets => new() { "/dev/full", "{dir}", "{file}/audit.jsonl" };

    /// <summary>Names that lead to this process's stdout.</summary>
    public static TheoryData<string> StdoutTargets => new() { "/dev/../dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "{link}", "{relative}" };

    [Theory]
    [MemberData(nameof(UnwritableTargets))]
    public void An_unwritable_target_fails_when_the_safety_layer_is_wired_before_the_server_starts(string target)
    {
        using var scratch = new Scratch();

        var error = Assert.ThrowsAny<Exception>(() => SafetyServer.Start(new SafetyOptions { AuditTarget = scratch.Resolve(target) }));

        Assert.Contains(scratch.Resolve(target), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnwritableTargets))]
    [MemberData(nameof(StdoutTargets))]
    public async Task The_server_refuses_to_start_with_exit_code_2_and_one_first_line(string target)
    {
        using var scratch = new Scratch();
        var path = scratch.Resolve(target);

        var (exitCode, stdout, stderr) = await RunServerAsync(scratch.Directory, "--emulator", "--audit", path);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        var first = stderr.Split('\n')[0];
        Assert.StartsWith($"nanokvm-mcp: audit log '{path}' ", first, StringComparison.Ordinal);
        Assert.Equal(first, stderr.TrimEnd('\n'));
    }

    [Fact]
    public async Task When_the_decision_line_cannot_be_written_mid_run_the_action_is_refused_and_never_reaches_the_target()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var scratch = new Scratch();
        var fifo = Path.Combine(scratch.Directory, "audit.fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // The reader end is what an operator's log collector would hold; closing it makes every write fail.
        var readerOpened = Task.Run(() => new StreamReader(new FileStream(fifo, FileMode.Open, FileAccess.Read)), TestContext.Current.CancellationToken);
        var options = new SafetyOptions { AuditTarget = fifo, TimeProvider = new ManualTimeProvider() };
        await using var mcp = await SafetyHarness.StartAsync(options);
        var reader = await readerOpened;

        (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).AssertOk();
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
        var phases = new List<string?>();
        while (phases.Count < 2)
        {
            var line = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
            Assert.NotNull(line);
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("tool", out var tool) && tool.GetString() == "nanokvm_click")
            {
                phases.Add(json.RootElement.GetProperty("phase").GetString());
            }
        }

        reader.Dispose();
        var refused = await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true });

        Assert.Equal(["decision", "outcome"], phases);
        refused.AssertRefused("audit log");
        refused.AssertRefused("The action was not run");
        await mcp.FenceAsync();
        Assert.Equal(1, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunServerAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(BuiltServer.DllPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;

        // No client: a server that does start sees end of input at once and exits on its own.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, (await stderr).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>A temporary directory with a regular file and a symlink to stdout, removed afterwards.</summary>
    private sealed class Scratch : IDisposable
    {
        public Scratch()
        {
            Directory = Path.Combine(Path.GetTempPath(), $"nanokvm-audit-{Guid.NewGuid():N}");
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(Path.Combine(Directory, "file"), "not a directory");
            File.CreateSymbolicLink(Path.Combine(Directory, "link"), "/dev/stdout");
        }

        public string Directory { get; }

        public string Resolve(string target) => target switch
        {
            "{dir}" => Directory,
            "{file}/audit.jsonl" => Path.Combine(Directory, "file", "audit.jsonl"),
            "{link}" => Path.Combine(Directory, "link"),

            // From the scratch directory, enough ".." to reach the root, then stdout.
            "{relative}" => string.Concat(Enumerable.Repeat("../", Directory.Count(c => c == '/'))) + "dev/stdout",
            _ => target,
        };

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
