using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;

namespace NanoKvm.Mcp.Tests.Infrastructure;

/// <summary>
/// The real server (same registration as the stdio program) wired to an emulator on 127.0.0.1, and the SDK's MCP
/// client talking to it over in-memory pipes. Device waits run at 1/100 speed.
/// </summary>
public sealed class McpHarness : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ServiceProvider _services;
    private readonly Task _serverTask;
    private Dictionary<string, Tool>? _tools;

    private McpHarness(NanoKvmEmulator emulator, DeviceRegistry registry, McpClient client, ServiceProvider services, Task serverTask, Pipe c2s, Pipe s2c, CancellationTokenSource stop)
    {
        Emulator = emulator;
        Registry = registry;
        Client = client;
        _services = services;
        _serverTask = serverTask;
        _clientToServer = c2s;
        _serverToClient = s2c;
        _stop = stop;
    }

    public NanoKvmEmulator Emulator { get; }

    internal DeviceRegistry Registry { get; }

    public McpClient Client { get; }

    public static async Task<McpHarness> StartAsync(
        FirmwareProfile? profile = null,
        Action<EmulatorOptions>? configureEmulator = null,
        IEnumerable<DeviceDefinitionSpec>? extraDevices = null,
        Func<DeviceDefinitionSpec, DeviceDefinitionSpec>? configureEmulatedDevice = null,
        Action<IMcpServerBuilder>? outermost = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var (emulator, definition) = await EmbeddedEmulator.StartAsync(
            (profile ?? FirmwareProfile.V2_5_1).Name,
            NullLoggerFactory.Instance,
            options =>
            {
                options.TimeScale = 0.01;
                options.FailedLoginDelay = TimeSpan.Zero;
                configureEmulator?.Invoke(options);
            },
            ct);
        var spec = new DeviceDefinitionSpec(definition.Name, definition.Address, definition.Username, definition.Password);
        if (configureEmulatedDevice is not null)
        {
            spec = configureEmulatedDevice(spec);
        }

        var devices = new List<DeviceDefinition> { spec.ToDefinition(isEmulator: true) };
        devices.AddRange((extraDevices ?? []).Select(d => d.ToDefinition(isEmulator: false)));
        var registry = new DeviceRegistry(devices, devices[0].Name, NullLoggerFactory.Instance);

        var c2s = new Pipe();
        var s2c = new Pipe();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddLogging();
        services.AddNanoKvmMcpServer(registry, outermost).WithStreamServerTransport(c2s.Reader.AsStream(), s2c.Writer.AsStream());
        var provider = services.BuildServiceProvider(validateScopes: true);
        var stop = new CancellationTokenSource();
        var serverTask = provider.GetRequiredService<McpServer>().RunAsync(stop.Token);
        var client = await McpClient.CreateAsync(
            new StreamClientTransport(c2s.Writer.AsStream(), s2c.Reader.AsStream(), NullLoggerFactory.Instance),
            new McpClientOptions { DiscoverProbeTimeout = TimeSpan.FromMinutes(1) },
            NullLoggerFactory.Instance,
            ct);
        return new McpHarness(emulator, registry, client, provider, serverTask, c2s, s2c, stop);
    }

    /// <summary>
    /// Calls a tool and, like the TypeScript SDK's client, checks a successful result against the tool's output
    /// schema (failing the test on a mismatch), so every test that calls a tool also checks its result's shape.
    /// </summary>
    public async Task<CallToolResult> CallAsync(string tool, object? arguments = null, RequestOptions? options = null)
    {
        Dictionary<string, object?>? args = null;
        if (arguments is not null)
        {
            var element = JsonSerializer.SerializeToElement(arguments);
            args = element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        }

        var result = await Client.CallToolAsync(tool, args, options: options, cancellationToken: TestContext.Current.CancellationToken);
        await CheckOutputSchemaAsync(tool, result);
        return result;
    }

    /// <summary>Fails the test when a successful result does not match the tool's declared output schema.</summary>
    public async Task CheckOutputSchemaAsync(string tool, CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsError is true)
        {
            return;
        }

        _tools ??= (await Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken))
            .ToDictionary(t => t.Name, t => t.ProtocolTool, StringComparer.Ordinal);
        if (!_tools.TryGetValue(tool, out var declared) || declared.OutputSchema is not { } schema)
        {
            return;
        }

        Assert.True(result.StructuredContent is not null, $"{tool} declares an output schema but returned no structured content.");
        var problems = OutputSchemaCheck.Problems(schema, result.StructuredContent.Value);
        Assert.True(problems.Count == 0, $"{tool}'s result does not match its output schema: {string.Join("; ", problems)}\n{result.StructuredContent.Value.GetRawText()}");
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _stop.CancelAsync();
        _clientToServer.Writer.Complete();
        _serverToClient.Writer.Complete();
        try
        {
            await _serverTask;
        }
        catch (OperationCanceledException)
        {
        }

        await _services.DisposeAsync();
        await Registry.DisposeAsync();
        await Emulator.DisposeAsync();
        _stop.Dispose();
    }
}

/// <summary>A device for the harness's registry.</summary>
public sealed record DeviceDefinitionSpec(string Name, Uri Address, string Username = "admin", string Password = "admin")
{
    public TimeSpan? RequestTimeout { get; init; }

    internal DeviceDefinition ToDefinition(bool isEmulator) => new()
    {
        Name = Name,
        Address = Address,
        Username = Username,
        Password = Password,
        IsEmulator = isEmulator,
        RequestTimeout = RequestTimeout,
        Source = "test",
    };
}
