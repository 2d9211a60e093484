#if BENCH_BEFORE
extern alias before;

using NanoKvm.Emulator;

namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>
/// The SDK client as it was before the HID transport moved to Websocket.Client and a Pipe (issue 14), built from git
/// history (benchmarks/NanoKvm.Client.Before), for before/after rows in one run against the same emulator.
/// </summary>
public static class BeforeClient
{
    /// <summary>A connected "before" client for <paramref name="emulator"/>; <paramref name="reportPace"/> as Hid.ReportPace.</summary>
    public static async Task<before::NanoKvm.Client.NanoKvmClient> ConnectAsync(NanoKvmEmulator emulator, TimeSpan? reportPace = null)
    {
        var options = new before::NanoKvm.Client.NanoKvmClientOptions
        {
            Address = emulator.BaseAddress,
            Username = emulator.Options.Username,
            Password = emulator.Options.Password,
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        if (reportPace is { } pace)
        {
            options.Hid.ReportPace = pace;
        }

        var client = new before::NanoKvm.Client.NanoKvmClient(options);
        await client.Keyboard.ConnectAsync().ConfigureAwait(false);
        return client;
    }
}
#endif
