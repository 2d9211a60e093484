using System.Text.Json;

namespace NanoKvm.Mcp.Tests.Safety;

[CollectionDefinition(nameof(ConsoleRedirection), DisableParallelization = true)]
public sealed class ConsoleRedirection;

/// <summary>Swaps the process-wide Console writers, so it runs alone.</summary>
[Collection(nameof(ConsoleRedirection))]
public sealed class AuditConsoleTests
{
    [Fact]
    public async Task The_stderr_target_writes_to_stderr_and_nothing_to_stdout()
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var options = new NanoKvm.Mcp.Safety.SafetyOptions { AuditTarget = "stderr", TimeProvider = new ManualTimeProvider() };
            await using var server = SafetyServer.Start(options);
            await using var client = await server.ConnectAsync();

            await client.CallAsync("nanokvm_send_text", new { text = "secret words" });
            await client.CallAsync("nanokvm_screenshot");
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }

        Assert.Equal(string.Empty, stdout.ToString());
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.DoesNotContain("secret words", stderr.ToString(), StringComparison.Ordinal);
    }
}
