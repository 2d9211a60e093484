using System.Globalization;
using System.Runtime.InteropServices;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Host.Screen;

namespace NanoKvm.Emulator;

/// <summary>Runs a virtual NanoKVM until Ctrl+C or SIGTERM.</summary>
internal static class EmulatorProgram
{
    internal const string Usage =
        "usage: nanokvm-emulator [--port N] [--listen ADDRESS] [--profile 2.2.0|2.2.x|2.3.0|2.3.1|2.4.x|2.5.0|2.5.1|pro-1.2.4|pro-1.2.6|pro-1.2.15] [--username U] [--password P] [--scene transcript|bios|login]";

    public static async Task<int> Main(string[] args)
    {
        EmulatorOptions? options;
        try
        {
            options = ParseArguments(args);
        }
        catch (ArgumentException e)
        {
            // One line of what was wrong and one of usage: a person typed this, a stack trace would not help them.
            await Console.Error.WriteLineAsync($"nanokvm-emulator: {e.Message}");
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };

        // Containers and service managers stop processes with SIGTERM; without this the runtime would end the
        // process before the server closes its sockets.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });

        await using var emulator = await NanoKvmEmulator.StartAsync(options);
        Console.WriteLine($"NanoKVM emulator (firmware {emulator.Profile}) listening on {emulator.BaseAddress} — Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopping.");
        }

        return 0;
    }

    /// <summary>Reads the command line; null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value.</exception>
    internal static EmulatorOptions? ParseArguments(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions { Port = 8080 };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--port":
                    var port = Next();
                    options.Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 65535
                        ? number
                        : throw new ArgumentException($"--port must be a number from 0 to 65535; got '{port}'.");
                    break;
                case "--listen":
                    var address = Next();
                    options.ListenAddress = System.Net.IPAddress.TryParse(address, out _)
                        ? address
                        : throw new ArgumentException($"--listen must be an IP address such as 127.0.0.1; got '{address}'.");
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
                case "--scene":
                    options.Scene = Next() switch
                    {
                        "transcript" => ScreenScene.Transcript,
                        "bios" => ScreenScene.BiosSetup,
                        "login" => ScreenScene.LoginPrompt,
                        var other => throw new ArgumentException($"--scene must be transcript, bios or login; got '{other}'."),
                    };
                    break;
                case "--help" or "-h":
                    return null;
                default:
                    throw new ArgumentException($"unknown option '{name}'.");
            }
        }

        return options;
    }
}
