using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Helpers for HID tests: a device with fast pacing, and polling waits on the virtual host (no timing assertions).</summary>
internal static class HidTestDevice
{
    public static Task<EmulatedDevice> StartAsync(
        string profile,
        Action<EmulatorOptions>? configureEmulator = null,
        Action<NanoKvmClientOptions>? configureClient = null) =>
        EmulatedDevice.StartAsync(
            FirmwareProfile.Parse(profile),
            configureEmulator,
            options =>
            {
                options.Hid.ReportPace = TimeSpan.FromMilliseconds(1);
                options.Hid.ReconnectDelay = TimeSpan.FromMilliseconds(50);
                configureClient?.Invoke(options);
            });

    /// <summary>Waits until <paramref name="condition"/> holds (polling), failing after a generous limit.</summary>
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

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
