using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Mcp.Authentication;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;
using NanoKvm.Mcp.Http;
using NanoKvm.Mcp.Leases;
using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>
/// The real HTTP server (Kestrel on 127.0.0.1, port 0) with the safety module and leases, in front of an emulator;
/// clients are the C# SDK's Streamable HTTP client or plain <see cref="HttpClient"/> requests. Two keys: alice, bob.
/// </summary>
internal sealed class HttpHarness : IAsyncDisposable
{
    public static readonly string AliceKey = ApiKeyHasher.NewKey();
    public static readonly string BobKey = ApiKeyHasher.NewKey();

    private readonly List<IAsyncDisposable> _clients = [];

    private HttpHarness(NanoKvmEmulator emulator, DeviceRegistry registry, McpHttpServer server, StringWriter audit)
    {
        Emulator = emulator;
        Registry = registry;
        Server = server;
        Audit = audit;
    }

    public NanoKvmEmulator Emulator { get; }

    public DeviceRegistry Registry { get; }

    public McpHttpServer Server { get; }

    public Uri Endpoint => Server.Endpoint;

    /// <summary>Every audit line the server wrote.</summary>
    public StringWriter Audit { get; }

    public LeaseManager Leases => Server.Services.GetRequiredService<LeaseManager>();

    public static async Task<HttpHarness> StartAsync(
        string policyJson = """{"version":"1","default":"allow"}""",
        TimeSpan? leaseIdle = null,
        long maxBody = 1024 * 1024,
        IReadOnlyList<string>? allowedOrigins = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var (emulator, definition) = await EmbeddedEmulator.StartAsync(
            FirmwareProfile.V2_5_1.Name,
            NullLoggerFactory.Instance,
            options =>
            {
                options.TimeScale = 0.01;
                options.FailedLoginDelay = TimeSpan.Zero;
            },
            ct);
        var registry = new DeviceRegistry([definition], definition.Name, NullLoggerFactory.Instance);
        var audit = new StringWriter();
        var safety = new SafetyOptions { Policy = PolicyLoader.Parse(policyJson, "test.json"), AuditWriter = TextWriter.Synchronized(audit) };
        var options = new HttpOptions
        {
            Port = 0,
            KeysFile = "(unused)",
            MaxRequestBodyBytes = maxBody,
            AllowedOrigins = allowedOrigins ?? [],
            LeaseIdleTimeout = leaseIdle ?? TimeSpan.FromMinutes(1),
        };
        var keys = new ApiKeyStore([ApiKeyHasher.Hash("alice", AliceKey), ApiKeyHasher.Hash("bob", BobKey)]);
        var server = await McpHttpServer.StartAsync(
            options,
            keys,
            registry,
            mcp =>
            {
                mcp.Services.AddSingleton(new LeaseOptions { IdleTimeout = options.LeaseIdleTimeout });
                mcp.WithNanoKvmSafety(safety);
            },
            logging: null,
            ct);
        return new HttpHarness(emulator, registry, server, audit);
    }

    /// <summary>A client of the C# SDK's Streamable HTTP transport; protocol null lets it pick (it prefers 2026-07-28).</summary>
    public async Task<McpClient> ConnectAsync(string key, string? protocolVersion = null, McpClientHandlers? handlers = null, HttpMessageHandler? handler = null)
    {
        var http = new HttpClient(handler ?? new SocketsHttpHandler());
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = Endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
            },
            http,
            NullLoggerFactory.Instance,
            ownsHttpClient: true);
        var client = await McpClient.CreateAsync(
            transport,
            new McpClientOptions { ProtocolVersion = protocolVersion, Handlers = handlers ?? new McpClientHandlers() },
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
        _clients.Add(client);
        return client;
    }

    /// <summary>A raw POST to /mcp, for what an SDK client would never send.</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? key = null, Action<HttpRequestMessage>? configure = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        configure?.Invoke(request);
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return response;
    }

    public const string Initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
        """;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
        await Registry.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
