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

    /// <summary>
    /// A device (multi-user 2.5.1 by default) where the client logs in with a second, non-admin account — the "user"
    /// role on firmware that has roles, an ordinary extra login on older firmware.
    /// </summary>
    public static Task<EmulatedDevice> StartAsUserRoleAsync(FirmwareProfile? profile = null, Action<EmulatorOptions>? configureEmulator = null) =>
        StartAsync(
            profile ?? FirmwareProfile.V2_5_1,
            e =>
            {
                e.ExtraAccounts.Add(new EmulatedAccount(UserRoleName, UserRolePassword, IsAdmin: false));
                configureEmulator?.Invoke(e);
            },
            c =>
            {
                c.Username = UserRoleName;
                c.Password = UserRolePassword;
            });

    public const string UserRoleName = "viewer";

    public const string UserRolePassword = "viewer-pass";

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
