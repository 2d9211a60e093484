using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Server;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;

namespace NanoKvm.Mcp.Tests.Infrastructure;

/// <summary>
/// The real server (same registration as the stdio program) over in-memory pipes, spoken to with hand-written
/// JSON-RPC lines — for messages a well-behaved SDK client refuses to send, such as a string holding a lone UTF-16
/// surrogate escape.
/// </summary>
public sealed class RawMcpSession : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _fromServer = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ServiceProvider _services;
    private readonly DeviceRegistry _registry;
    private readonly Task _serverTask;
    private readonly StreamReader _reader;
    private int _nextId;

    private RawMcpSession(NanoKvmEmulator emulator, DeviceRegistry registry)
    {
        Emulator = emulator;
        _registry = registry;
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddLogging();
        services.AddNanoKvmMcpServer(registry).WithStreamServerTransport(_toServer.Reader.AsStream(), _fromServer.Writer.AsStream());
        _services = services.BuildServiceProvider(validateScopes: true);
        _serverTask = _services.GetRequiredService<McpServer>().RunAsync(_stop.Token);
        _reader = new StreamReader(_fromServer.Reader.AsStream(), Encoding.UTF8);
    }

    public NanoKvmEmulator Emulator { get; }

    /// <summary>Starts an emulator and the server, and completes the initialize handshake.</summary>
    public static async Task<RawMcpSession> StartAsync()
    {
        var (emulator, definition) = await EmbeddedEmulator.StartAsync(
            FirmwareProfile.V2_5_1.Name,
            NullLoggerFactory.Instance,
            options => options.TimeScale = 0.01,
            TestContext.Current.CancellationToken);
        var registry = new DeviceRegistry([definition], definition.Name, NullLoggerFactory.Instance);
        var session = new RawMcpSession(emulator, registry);
        await session.RequestAsync("initialize", """{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}""");
        await session.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return session;
    }

    /// <summary>Sends a request whose params are the given JSON text, verbatim, and returns the response.</summary>
    public async Task<JsonElement> RequestAsync(string method, string paramsJson)
    {
        var id = Interlocked.Increment(ref _nextId);
        await WriteLineAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"{{method}}","params":{{paramsJson}}}""");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The server closed its output.");
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("id", out var responseId) && responseId.ValueKind == JsonValueKind.Number && responseId.GetInt32() == id)
            {
                return message.RootElement.Clone();
            }
        }
    }

    private async Task WriteLineAsync(string json)
    {
        await _toServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), TestContext.Current.CancellationToken);
        await _toServer.Writer.FlushAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _toServer.Writer.CompleteAsync();
        await _fromServer.Writer.CompleteAsync();
        try
        {
            await _serverTask;
        }
        catch (OperationCanceledException)
        {
        }

        _reader.Dispose();
        await _services.DisposeAsync();
        await _registry.DisposeAsync();
        await Emulator.DisposeAsync();
        _stop.Dispose();
    }
}
