using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using NanoKvm.Benchmarks.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Mcp.Authentication;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;
using NanoKvm.Mcp.Http;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Benchmarks.McpHttp;

/// <summary>
/// One <c>nanokvm-mcp --http</c> server (Kestrel on loopback, API-key check, Origin/Host check, safety gate with
/// an allow-all policy, lease filter) in front of an emulator, and <see cref="Clients"/> C# SDK clients on the
/// Streamable HTTP transport (2026-07-28, no session), each calling <c>nanokvm_led_status</c> — a screenshot-free
/// tool that reads the device's GPIO endpoint — back to back. Measures tool calls per second over all clients.
/// Run: dotnet run -c Release --project benchmarks/NanoKvm.Benchmarks -- --filter '*McpHttpThroughput*'
/// </summary>
[Config(typeof(Config))]
#pragma warning disable CA1001 // BenchmarkDotNet's [GlobalCleanup] disposes what [GlobalSetup] started.
public class McpHttpThroughputBenchmarks
#pragma warning restore CA1001
{
    private NanoKvmEmulator? _emulator;
    private DeviceRegistry? _registry;
    private McpHttpServer? _server;
    private McpClient[] _clients = [];

    /// <summary>Concurrent HTTP clients.</summary>
    [Params(10)]
    public int Clients { get; set; } = 10;

    /// <summary>Calls each client makes per operation.</summary>
    [ParamsSource(nameof(CallCounts))]
    public int CallsPerClient { get; set; } = 50;

    /// <summary>The work sizes.</summary>
    public static IEnumerable<int> CallCounts => [BenchmarkMode.Pick(200, 20)];

    /// <summary>Starts the emulator and the server, and connects the clients.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Disconnects the clients and stops the server and emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>Every client makes <see cref="CallsPerClient"/> calls, concurrently with the others.</summary>
    [Benchmark(Description = "N clients x nanokvm_led_status over HTTP")]
    public async Task<int> AllClients()
    {
        var results = await Task.WhenAll(_clients.Select(CallManyAsync)).ConfigureAwait(false);
        return results.Sum();
    }

    private async Task<int> CallManyAsync(McpClient client)
    {
        for (var i = 0; i < CallsPerClient; i++)
        {
            var result = await client.CallToolAsync("nanokvm_led_status").ConfigureAwait(false);
            if (result.IsError == true)
            {
                throw new InvalidOperationException("nanokvm_led_status failed: " + string.Join(" ", result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(t => t.Text)));
            }
        }

        return CallsPerClient;
    }

    private async Task SetupAsync()
    {
        var (emulator, device) = await EmbeddedEmulator.StartAsync(null, NullLoggerFactory.Instance).ConfigureAwait(false);
        _emulator = emulator;
        _registry = new DeviceRegistry([device], device.Name, NullLoggerFactory.Instance);
        var key = ApiKeyHasher.NewKey();
        _server = await McpHttpServer.StartAsync(
            new HttpOptions { Port = 0, KeysFile = "(unused)" },
            new ApiKeyStore([ApiKeyHasher.Hash("bench", key)]),
            _registry,
            mcp => mcp.WithNanoKvmSafety(new SafetyOptions()),
            logging: null).ConfigureAwait(false);
        _clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => ConnectAsync(_server.Endpoint, key))).ConfigureAwait(false);
    }

    private static async Task<McpClient> ConnectAsync(Uri endpoint, string key)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
            },
            NullLoggerFactory.Instance);
        return await McpClient.CreateAsync(transport, loggerFactory: NullLoggerFactory.Instance).ConfigureAwait(false);
    }

    private async Task CleanupAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync().ConfigureAwait(false);
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Config : EndToEndConfig
    {
        public Config()
            : base(iterations: 10, quickIterations: 3)
        {
            AddColumn(new StatisticColumn(
                "Calls/s (all)",
                "Tool calls per second over all clients",
                (s, c) => StatisticColumn.Parameter(c, nameof(Clients), 1) * StatisticColumn.Parameter(c, nameof(CallsPerClient), 1) / (s.Mean / 1e9)));
        }
    }
}
