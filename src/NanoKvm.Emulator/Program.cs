using System.Globalization;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator;

/// <summary>Runs a virtual NanoKVM until Ctrl+C.</summary>
internal static class EmulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        // Usage:
        //   dotnet run --project src/NanoKvm.Emulator -- --port 8080 --profile 2.4.x --username admin --password admin
        var options = new EmulatorOptions { Port = 8080 };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--port":
                    options.Port = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--profile":
                    options.Profile = FirmwareProfile.Parse(Next());
                    break;
                case "--username":
                    options.Username = Next();
                    break;
                case "--password":
                    options.Password = Next();
                    break;
                case "--help" or "-h":
                    Console.WriteLine("nanokvm-emulator [--port N] [--profile 2.2.0|2.2.x|2.3.0|2.3.1|2.4.x|2.5.0|2.5.1|pro-1.2.4|pro-1.2.6|pro-1.2.15] [--username U] [--password P]");
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}; try --help.");
                    return 2;
            }
        }

        await using var emulator = await NanoKvmEmulator.StartAsync(options);
        Console.WriteLine($"NanoKVM emulator (firmware {emulator.Profile}) listening on {emulator.BaseAddress} — Ctrl+C to stop.");
        var stopped = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopped.TrySetResult();
        };
        await stopped.Task;
        return 0;
    }
}
