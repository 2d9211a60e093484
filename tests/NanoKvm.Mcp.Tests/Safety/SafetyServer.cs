using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Tests.Safety;

/// <summary>
/// An in-memory MCP server (two pipes) with the test tools behind <c>WithNanoKvmSafety</c>, and a device registry
/// with the devices <c>default</c> (the default), <c>lab</c> and <c>office</c>, which the stand-in tools never contact
/// (1920x1080 screens, so pixel positions are checked without a screenshot).
/// </summary>
internal sealed class SafetyServer : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly ServiceProvider _services;
    private readonly Task _serverTask;

    private SafetyServer(SafetyOptions? options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Calls);
        services.AddSingleton(new DeviceRegistry(
            new[] { "default", "lab", "office" }.Select(name => new DeviceDefinition
            {
                Name = name,
                Address = new Uri("http://127.0.0.1:9/"),
                FallbackScreenSize = new ScreenSize(1920, 1080),
            }),
            "default",
            NullLoggerFactory.Instance));
        var builder = services.AddMcpServer()
            .WithStreamServerTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream())
            .WithTools<SafetyTestTools>();
        if (options is not null)
        {
            builder.WithNanoKvmSafety(options);
        }

        _services = services.BuildServiceProvider(validateScopes: true);
        try
        {
            // Resolving the server builds its options, which validates the policy against the tools.
            _serverTask = _services.GetRequiredService<McpServer>().RunAsync(_cts.Token);
        }
        catch
        {
            _services.Dispose();
            _cts.Dispose();
            throw;
        }
    }

    public ToolCallLog Calls { get; } = new();

    public static SafetyServer Start(SafetyOptions? options) => new(options);

    public Task<McpClient> ConnectAsync(
        Func<ElicitRequestParams?, CancellationToken, ValueTask<ElicitResult>>? elicitation = null,
        string? protocolVersion = null)
    {
        var clientOptions = new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            DiscoverProbeTimeout = TimeSpan.FromMinutes(2),
        };
        if (elicitation is not null)
        {
            clientOptions.Handlers.ElicitationHandler = elicitation;
        }

        return McpClient.CreateAsync(
            new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream(), NullLoggerFactory.Instance),
            clientOptions,
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
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
        _cts.Dispose();
    }
}
