using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NanoKvm.Emulator.Api;
using NanoKvm.Emulator.Auth;
using NanoKvm.Emulator.Diagnostics;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Host;
using NanoKvm.Emulator.Pro;
using NanoKvm.Emulator.Storage;

namespace NanoKvm.Emulator;

/// <summary>
/// A virtual Sipeed NanoKVM on loopback: the device's REST, WebSocket and streaming API as a chosen firmware release
/// speaks it, with a virtual target host behind it, an observable state model and fault injection.
/// </summary>
/// <example>
/// <code>
/// await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { Profile = FirmwareProfile.V2_4 });
/// var client = new NanoKvmClient(kvm.BaseAddress, "admin", "admin");
/// </code>
/// </example>
public sealed class NanoKvmEmulator : IAsyncDisposable
{
    private WebApplication? _app;

    private NanoKvmEmulator(EmulatorOptions options)
    {
        Options = options;
        Profile = options.Profile;
        Auth = new AuthState(options.Profile, options);
        Host = new VirtualHost(this);
        Storage = new StorageModel(this);
        Encoder = new StreamEncoder(options.Profile.MjpegOwnsEncoder);
        DeviceKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The options it was started with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The firmware release it imitates.</summary>
    public FirmwareProfile Profile { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Accounts, sessions and the JWT secret.</summary>
    public AuthState Auth { get; }

    /// <summary>The computer behind the KVM.</summary>
    public VirtualHost Host { get; }

    /// <summary>Images and virtual media.</summary>
    public StorageModel Storage { get; }

    /// <summary>The video encoder's stream type and the Pro's write-only stream settings.</summary>
    public StreamEncoder Encoder { get; }

    /// <summary>The Pro's HDMI capture/passthrough switches (unused on Cube profiles).</summary>
    public ProHdmiState ProHdmi { get; } = new();

    /// <summary>The plain-HTTP address that redirects to HTTPS (<see cref="EmulatorOptions.ServeHttpRedirect"/>), or null.</summary>
    public Uri? HttpRedirectAddress { get; private set; }

    /// <summary>Every request received.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>Faults to apply to the next requests.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>The device key reported by <c>GET /api/vm/info</c>.</summary>
    public string DeviceKey { get; }

    /// <summary>Raised when <see cref="Restart"/> simulates a service restart.</summary>
    public event Action? Restarted;

    /// <summary>Starts an emulator on loopback.</summary>
    /// <param name="options">Profile, credentials, port and behaviour; defaults when null.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    public static async Task<NanoKvmEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var emulator = new NanoKvmEmulator(options ?? new EmulatorOptions());
        await emulator.StartCoreAsync(cancellationToken);
        return emulator;
    }

    /// <summary>
    /// Simulates a restart of the device's server: a new JWT secret (every session dies, as on a device with the
    /// default empty <c>jwt.secretKey</c>), open sockets closed, in-memory settings reset. The port stays.
    /// </summary>
    public void Restart()
    {
        Auth.RotateSecret();
        Restarted?.Invoke();
    }

    /// <summary>Waits a device-side duration, shortened by <see cref="EmulatorOptions.TimeScale"/>.</summary>
    internal Task DelayAsync(TimeSpan deviceDuration, CancellationToken cancellationToken)
    {
        var scaled = deviceDuration * Options.TimeScale;
        return scaled <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(scaled, Options.TimeProvider, cancellationToken);
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        var address = IPAddress.Parse(Options.ListenAddress);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, Options.Port, listen =>
            {
                if (Options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
            if (Options.ServeHttpRedirect && Options.Certificate is not null)
            {
                kestrel.Listen(address, 0);
            }
        });

        var app = builder.Build();
        app.UseMiddleware<HttpsRedirect>(this);
        app.UseMiddleware<FaultMiddleware>(this);
        app.UseWebSockets();
        RouteTable.MapAll(app, this);
        await app.StartAsync(cancellationToken);
        _app = app;

        var addresses = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
        var bound = addresses.FirstOrDefault(a => a.Scheme == (Options.Certificate is null ? "http" : "https")) ?? addresses[0];
        BaseAddress = new UriBuilder(bound) { Host = Options.ListenAddress, Path = "/" }.Uri;
        if (Options.ServeHttpRedirect && addresses.FirstOrDefault(a => a.Scheme == "http") is { } plain)
        {
            HttpRedirectAddress = new UriBuilder(plain) { Host = Options.ListenAddress, Path = "/" }.Uri;
        }
    }

    /// <summary>Stops the server and closes every connection.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            Auth.RotateSecret();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stop.Token);
            await app.DisposeAsync();
        }
    }
}
