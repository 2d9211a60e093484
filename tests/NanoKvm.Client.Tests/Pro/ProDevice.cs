using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Pro;

/// <summary>An emulated NanoKVM-Pro (1.2.15 unless told) with fast HID pacing, and a polling wait.</summary>
internal static class ProDevice
{
    public static Task<EmulatedDevice> StartAsync(
        FirmwareProfile? profile = null,
        Action<EmulatorOptions>? configureEmulator = null,
        Action<NanoKvmClientOptions>? configureClient = null) =>
        EmulatedDevice.StartAsync(
            profile ?? FirmwareProfile.Pro_1_2_15,
            configureEmulator,
            options =>
            {
                options.Hid.ReportPace = TimeSpan.FromMilliseconds(1);
                options.Hid.ReconnectDelay = TimeSpan.FromMilliseconds(50);
                configureClient?.Invoke(options);
            });

    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 15)
    {
        var limit = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
