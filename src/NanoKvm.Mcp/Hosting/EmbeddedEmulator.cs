using Microsoft.Extensions.Logging;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Hosting;

/// <summary>The in-process virtual NanoKVM behind <c>--emulator</c>: a real device API on loopback, no hardware.</summary>
internal static class EmbeddedEmulator
{
    /// <summary>Starts an emulator and describes it as the device named <see cref="SettingsLoader.EmulatorDeviceName"/>.</summary>
    /// <param name="firmware">Profile name such as <c>2.4.x</c>; null for the newest.</param>
    /// <param name="loggerFactory">Where the emulator logs (stderr in the server).</param>
    /// <param name="configure">Lets tests change emulator options (time scale, faults).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<(NanoKvmEmulator Emulator, DeviceDefinition Device)> StartAsync(
        string? firmware,
        ILoggerFactory? loggerFactory,
        Action<EmulatorOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        FirmwareProfile profile;
        try
        {
            profile = firmware is null ? FirmwareProfile.V2_5_1 : FirmwareProfile.Parse(firmware);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"--emulator-firmware: {e.Message.Split(" (Parameter", 2)[0]}", e);
        }

        var options = new EmulatorOptions { Profile = profile, LoggerFactory = loggerFactory };
        configure?.Invoke(options);
        var emulator = await NanoKvmEmulator.StartAsync(options, cancellationToken);
        var device = new DeviceDefinition
        {
            Name = SettingsLoader.EmulatorDeviceName,
            Address = emulator.BaseAddress,
            Username = options.Username,
            Password = options.Password,
            Source = "--emulator",
            IsEmulator = true,
        };
        return (emulator, device);
    }
}
