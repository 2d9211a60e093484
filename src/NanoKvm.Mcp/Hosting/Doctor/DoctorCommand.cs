using Microsoft.Extensions.Logging;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Hosting.Doctor;

/// <summary>
/// <c>nanokvm-mcp --doctor</c>: checks every configured device and the optional tools, prints a report with a fix
/// for each problem, and exits 0 only when every check passed. The first step when something does not work.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>Runs the doctor on the configured devices, the emulator first when <c>--emulator</c> is given.</summary>
    public static async Task<int> RunAsync(ServerSettings settings, ILoggerFactory loggerFactory, TextWriter output, CancellationToken cancellationToken)
    {
        var devices = settings.Devices.ToList();
        NanoKvm.Emulator.NanoKvmEmulator? emulator = null;
        try
        {
            if (settings.UseEmulator)
            {
                (emulator, var emulated) = await EmbeddedEmulator.StartAsync(settings.EmulatorFirmware, loggerFactory, cancellationToken: cancellationToken);
                devices.Insert(0, emulated);
            }

            return await RunAsync(devices, loggerFactory, output, cancellationToken);
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    public static async Task<int> RunAsync(IReadOnlyList<DeviceDefinition> devices, ILoggerFactory loggerFactory, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"nanokvm-mcp {ServerIdentity.Version} doctor");
        var failed = 0;
        foreach (var device in devices)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Device {device.Name} ({device.Address}, from {device.Source})");
            foreach (var check in await DeviceChecks.RunAsync(device, loggerFactory, cancellationToken))
            {
                failed += check.Outcome == CheckOutcome.Failed ? 1 : 0;
                await WriteAsync(output, check);
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Tools");
        await WriteAsync(output, await OcrProbe.CheckAsync(cancellationToken));

        await output.WriteLineAsync();
        await output.WriteLineAsync(failed == 0
            ? "All checks passed."
            : $"{failed} check{(failed == 1 ? string.Empty : "s")} failed; apply the fixes above and run --doctor again.");
        return failed == 0 ? 0 : 1;
    }

    private static async Task WriteAsync(TextWriter output, DoctorCheck check)
    {
        var mark = check.Outcome switch
        {
            CheckOutcome.Passed => "ok  ",
            CheckOutcome.Failed => "FAIL",
            CheckOutcome.Note => "note",
            _ => "--  ",
        };
        await output.WriteLineAsync($"  [{mark}] {check.Name}: {check.Detail}");
        if (check.Fix is { } fix && check.Outcome != CheckOutcome.Passed)
        {
            await output.WriteLineAsync($"         fix: {fix}");
        }
    }
}
