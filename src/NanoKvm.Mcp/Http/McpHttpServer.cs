using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using NanoKvm.Mcp.Authentication;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;

namespace NanoKvm.Mcp.Http;

/// <summary>
/// The MCP server over Streamable HTTP at <c>/mcp</c>: the same tools, safety module and devices as stdio, one
/// container for every client (one rate-limit store, one audit log, one HID session and one lease table per device).
/// Clients that use the <c>initialize</c> handshake (2025-06-18, 2025-11-25) get a session, so the server can ask
/// them for approvals; 2026-07-28 clients are served per request.
/// </summary>
internal sealed class McpHttpServer : IAsyncDisposable
{
    /// <summary>The path MCP is served at.</summary>
    public const string Path = "/mcp";

    private readonly WebApplication _app;

    private McpHttpServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Where clients connect, e.g. <c>http://127.0.0.1:8765/mcp</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The server's services (shared by every client).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="options">Address, limits, TLS.</param>
    /// <param name="keys">The accepted API keys.</param>
    /// <param name="registry">The devices.</param>
    /// <param name="outermost">Registers the safety module (see <see cref="SafetyWiring"/>).</param>
    /// <param name="logging">Configures the server's log.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<McpHttpServer> StartAsync(
        HttpOptions options,
        ApiKeyStore keys,
        DeviceRegistry registry,
        Action<IMcpServerBuilder>? outermost,
        Action<ILoggingBuilder>? logging,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(registry);
        var certificate = options.TlsCertificateFile is { } file ? TlsCertificate.Load(file, options.TlsKeyFile, options.TlsPassword) : null;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            // A client that trickles its headers holds a connection; cut it instead of letting it pile up.
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        builder.Services.AddRoutingCore();
        logging?.Invoke(builder.Logging);
        builder.Services
            .AddNanoKvmMcpServer(registry, outermost)
            .WithHttpTransport(transport => transport.SessionMode = HttpServerSessionMode.StatefulForInitializeClients);

        var app = builder.Build();
        app.Use(new OriginGuard(options).InvokeAsync);
        app.Use(new BearerKeyAuthentication(keys).InvokeAsync);
        app.Use(new BodySizeLimit(options.MaxRequestBodyBytes).InvokeAsync);
        app.UseRouting();
        app.MapMcp(Path);
        await app.StartAsync(cancellationToken);

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = IPAddress.IsLoopback(options.Address) || options.Address.Equals(IPAddress.Any) || options.Address.Equals(IPAddress.IPv6Any)
            ? (options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !options.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : "127.0.0.1")
            : bound.Host;
        return new McpHttpServer(app, new UriBuilder(bound.Scheme, host, bound.Port, Path).Uri);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (or the process is asked to stop).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
