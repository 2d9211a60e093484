using NanoKvm.Benchmarks.McpHttp;

namespace NanoKvm.Benchmarks.Tests.McpHttp;

/// <summary>The MCP-over-HTTP suite still runs: every client's calls succeed through keys, checks, policy and leases.</summary>
public sealed class McpHttpThroughputBenchmarkTests
{
    [Fact]
    public async Task AllClients_CompleteEveryCall()
    {
        var benchmark = new McpHttpThroughputBenchmarks { Clients = 3, CallsPerClient = 5 };
        await Task.Run(benchmark.Setup, TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(15, await benchmark.AllClients());
            Assert.Equal(15, await benchmark.AllClients());
        }
        finally
        {
            await Task.Run(benchmark.Cleanup, TestContext.Current.CancellationToken);
        }
    }
}
