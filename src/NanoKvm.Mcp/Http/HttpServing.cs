using Microsoft.Extensions.DependencyInjection;
using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Authentication;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Hosting;
using NanoKvm.Mcp.Leases;

namespace NanoKvm.Mcp.Http;

/// <summary>The program's HTTP mode: keys, then the server, until the process is stopped.</summary>
internal static class HttpServing
{
    public static async Task RunAsync(HttpOptions http, ServerSettings settings, DeviceRegistry registry, AuditLog? audit, Func<string, string?> environment, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stderr);
        var keys = ApiKeySetup.Load(http, stderr);
        await using var server = await McpHttpServer.StartAsync(
            http,
            keys,
            registry,
            mcp =>
            {
                mcp.Services.AddSingleton(new LeaseOptions { IdleTimeout = http.LeaseIdleTimeout, TimeProvider = settings.Safety.TimeProvider });
                SafetyWiring.Apply(mcp, settings, audit);
                Hosting.Telemetry.TelemetryExport.AddIfRequested(mcp.Services, environment);
            },
            logging => ServerLogging.Configure(logging, settings.LogLevel, oneShot: false),
            cancellationToken);
        await stderr.WriteLineAsync($"nanokvm-mcp: serving MCP at {server.Endpoint} for {keys.Names.Count} API key(s): {string.Join(", ", keys.Names)}");
        if (http.IsReachableFromOtherHosts && http.TlsCertificateFile is null)
        {
            await stderr.WriteLineAsync(
                "nanokvm-mcp: warning: listening beyond this machine without TLS — API keys and screenshots cross the network in clear text. Give --tls-cert, or put a TLS proxy in front.");
        }

        await server.WaitForShutdownAsync(cancellationToken);
    }

    public static int AddKey(string name, IReadOnlyList<string> args, Func<string, string?> environment, TextWriter stdout, TextWriter stderr)
    {
        var file = HttpOptionsParser.KeysFilePath(args, environment);
        return ApiKeySetup.AddKey(name, file, stdout, stderr);
    }
}
