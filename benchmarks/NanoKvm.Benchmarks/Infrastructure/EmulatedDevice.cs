using NanoKvm.Client;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>An in-process emulator on 127.0.0.1 (random port) and an SDK client logged in to it over real HTTP.</summary>
public sealed class EmulatedDevice : IAsyncDisposable
{
    private EmulatedDevice(NanoKvmEmulator emulator, NanoKvmClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    /// <summary>The emulated device.</summary>
    public NanoKvmEmulator Emulator { get; }

    /// <summary>The SDK client pointed at it.</summary>
    public NanoKvmClient Client { get; }

    /// <summary>Starts an emulator (latest firmware, real time, host powered on, unless <paramref name="configure"/> changes it) and a client.</summary>
    public static async Task<EmulatedDevice> StartAsync(
        Action<EmulatorOptions>? configure = null,
        Action<NanoKvmClientOptions>? configureClient = null,
        CancellationToken cancellationToken = default)
    {
        var options = new EmulatorOptions
        {
            Profile = FirmwareProfile.V2_5_1,
            FailedLoginDelay = TimeSpan.Zero,
            HostPoweredOn = true,
        };
        configure?.Invoke(options);
        var emulator = await NanoKvmEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
        var clientOptions = new NanoKvmClientOptions
        {
            Address = emulator.BaseAddress,
            Username = options.Username,
            Password = options.Password,
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        configureClient?.Invoke(clientOptions);
        var client = new NanoKvmClient(clientOptions);
        return new EmulatedDevice(emulator, client);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        await Emulator.DisposeAsync().ConfigureAwait(false);
    }
}
