using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NanoKvm.Emulator;
using NanoKvm.Mcp.Audit;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Http;

namespace NanoKvm.Mcp.Hosting;

/// <summary>The program: reads the configuration, starts the emulator if asked, then serves MCP over stdio or HTTP, or runs one call.</summary>
internal static class ServerApp
{
    public static async Task<int> RunAsync(string[] args, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var stderr = Console.Error;
        ServerSettings settings;
        try
        {
            var options = CommandLineParser.Parse(args);
            if (options.Help)
            {
                // Help goes to stderr too: stdout belongs to the protocol even when a client passes --help by mistake.
                await stderr.WriteLineAsync(CommandLineParser.Usage);
                return 0;
            }

            if (options.Version)
            {
                await stderr.WriteLineAsync($"nanokvm-mcp {ServerIdentity.Version}");
                return 0;
            }

            if (HttpOptionsParser.AddKeyName(args) is { } keyName)
            {
                return HttpServing.AddKey(keyName, args, environment, Console.Out, stderr);
            }

            settings = SettingsLoader.Load(options, environment, args);
        }
        catch (ConfigurationException e)
        {
            await stderr.WriteLineAsync($"nanokvm-mcp: {e.Message}");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(logging => ServerLogging.Configure(logging, settings.LogLevel, settings.OneShot is not null));
        NanoKvmEmulator? emulator = null;
        try
        {
            if (settings.Doctor)
            {
                return await Doctor.DoctorCommand.RunAsync(settings, loggerFactory, Console.Out, cancellationToken);
            }

            // Opened first, so a log that cannot be written stops start-up before anything else happens.
            using var audit = SafetyWiring.OpenAudit(settings);
            var devices = settings.Devices.ToList();
            if (settings.UseEmulator)
            {
                (emulator, var emulated) = await EmbeddedEmulator.StartAsync(settings.EmulatorFirmware, loggerFactory, cancellationToken: cancellationToken);
                devices.Insert(0, emulated);
            }

            await using var registry = new DeviceRegistry(devices, settings.DefaultDevice!, loggerFactory);
            SafetyWiring.CheckPolicy(settings, registry);
            if (settings.OneShot is { } request)
            {
                return await OneShotRunner.RunAsync(request, registry, builder => SafetyWiring.Apply(builder, settings, audit), loggerFactory, Console.Out, stderr, cancellationToken);
            }

            if (settings.Http is { } http)
            {
                await HttpServing.RunAsync(http, settings, registry, audit, environment, stderr, cancellationToken);
                return 0;
            }

            await ServeStdioAsync(settings, registry, audit, environment, cancellationToken);
            return 0;
        }
        catch (ConfigurationException e)
        {
            await stderr.WriteLineAsync($"nanokvm-mcp: {e.Message}");
            return 2;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static async Task ServeStdioAsync(ServerSettings settings, DeviceRegistry registry, AuditLog? audit, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ServerLogging.Configure(builder.Logging, settings.LogLevel, oneShot: false);
        Telemetry.TelemetryExport.AddIfRequested(builder.Services, environment);
        builder.Services.AddNanoKvmMcpServer(registry, mcp => SafetyWiring.Apply(mcp, settings, audit)).WithStdioServerTransport();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }
}
