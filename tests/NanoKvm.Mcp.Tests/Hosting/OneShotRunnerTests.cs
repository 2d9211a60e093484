using Microsoft.Extensions.Logging.Abstractions;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;

namespace NanoKvm.Mcp.Tests.Hosting;

public sealed class OneShotRunnerTests
{
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string tool, string? args)
    {
        var ct = TestContext.Current.CancellationToken;
        var (emulator, device) = await EmbeddedEmulator.StartAsync(null, NullLoggerFactory.Instance, o => o.TimeScale = 0.01, ct);
        await using (emulator)
        {
            await using var registry = new DeviceRegistry([device], device.Name, NullLoggerFactory.Instance);
            using var output = new StringWriter();
            using var errors = new StringWriter();
            var code = await OneShotRunner.RunAsync(new OneShotRequest(tool, args, null), registry, null, NullLoggerFactory.Instance, output, errors, ct);
            return (code, output.ToString(), errors.ToString());
        }
    }

    [Fact]
    public async Task CallsTheToolThroughMcp_AndPrintsItsResult()
    {
        var (code, output, errors) = await RunAsync("nanokvm_info", null);

        Assert.Equal(0, code);
        Assert.Contains("\"firmware\": \"2.5.1\"", output, StringComparison.Ordinal);
        Assert.Contains("Calling nanokvm_info on device 'emulator'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolError_ExitsWithOne_AndPrintsTheErrorToStderr()
    {
        var (code, output, errors) = await RunAsync("nanokvm_info", """{"device":"lab9"}""");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("Error: nanokvm_info: Unknown device 'lab9'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTool_ExitsWithTwo_AndListsTheTools()
    {
        var (code, _, errors) = await RunAsync("nanokvm_nope", null);

        Assert.Equal(2, code);
        Assert.Contains("nanokvm_list_devices", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "--args must be a JSON object")]
    [InlineData("{nope", "--args is not valid JSON")]
    public async Task BadArgs_AreReportedBeforeAnythingRuns(string args, string expected)
    {
        var e = await Assert.ThrowsAsync<ConfigurationException>(() => RunAsync("nanokvm_info", args));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
