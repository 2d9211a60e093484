using System.Text.Json;
using ModelContextProtocol.Client;
using NanoKvm.Mcp.Tests.Hosting;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>The <c>stderr</c> audit target, in the built server run the way MCP clients run it.</summary>
public sealed class AuditConsoleTests
{
    [Fact]
    public async Task The_stderr_target_writes_audit_lines_to_stderr_while_stdout_carries_only_the_protocol()
    {
        var ct = TestContext.Current.CancellationToken;
        var stderr = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "nanokvm-mcp",
            Command = "dotnet",
            Arguments = [BuiltServer.DllPath(), "--emulator", "--audit", "stderr"],
            StandardErrorLines = line =>
            {
                lock (stderr)
                {
                    stderr.Add(line);
                }
            },
        });

        await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { DiscoverProbeTimeout = TimeSpan.FromMinutes(1) }, cancellationToken: ct))
        {
            var typed = await client.CallToolAsync("nanokvm_send_text", new Dictionary<string, object?> { ["text"] = "secret words" }, cancellationToken: ct);
            var info = await client.CallToolAsync("nanokvm_info", cancellationToken: ct);
            Assert.False(typed.IsError is true, typed.Text());
            Assert.False(info.IsError is true, info.Text());
        }

        List<JsonElement> lines;
        lock (stderr)
        {
            lines = [.. stderr.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
            Assert.DoesNotContain(stderr, l => l.Contains("secret words", StringComparison.Ordinal));
        }

        Assert.Equal(["start", "decision", "outcome", "decision", "outcome"], lines.Select(l => l.GetProperty("phase").GetString()));
        Assert.Equal(["nanokvm_send_text", "nanokvm_send_text", "nanokvm_info", "nanokvm_info"], lines.Skip(1).Select(l => l.GetProperty("tool").GetString()));
    }
}
