using NanoKvm.Client;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Infrastructure;

/// <summary>
/// An emulator on 127.0.0.1 (random port) plus a client pointed at it. Device waits run at 1/100 speed and failed
/// logins answer at once, so tests stay fast while every call still crosses real HTTP and WebSocket code.
/// </summary>
public sealed class EmulatedDevice : IAsyncDisposable
{
    private EmulatedDevice(NanoKvmEmulator emulator, NanoKvmClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public NanoKvmEmulator Emulator { get; }

    public NanoKvmClient Client { get; }

    public static async Task<EmulatedDevice> StartAsync(
        FirmwareProfile? profile = null,
        Action<EmulatorOptions>? configureEmulator = null,
        Action<NanoKvmClientOptions>? configureClient = null)
    {
        var emulatorOptions = new EmulatorOptions
        {
            Profile = profile ?? FirmwareProfile.V2_5_1,
            FailedLoginDelay = TimeSpan.Zero,
            TimeScale = 0.01,
        };
        configureEmulator?.Invoke(emulatorOptions);
        var emulator = await NanoKvmEmulator.StartAsync(emulatorOptions, TestContext.Current.CancellationToken);
        var clientOptions = NewClientOptions(emulator);
        configureClient?.Invoke(clientOptions);
        return new EmulatedDevice(emulator, new NanoKvmClient(clientOptions));
    }

    public static NanoKvmClientOptions NewClientOptions(NanoKvmEmulator emulator) => new()
    {
        Address = emulator.BaseAddress,
        Username = emulator.Options.Username,
        Password = emulator.Options.Password,
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public NanoKvmClient NewClient(Action<NanoKvmClientOptions>? configure = null)
    {
        var options = NewClientOptions(Emulator);
        configure?.Invoke(options);
        return new NanoKvmClient(options);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
