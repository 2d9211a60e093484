using NanoKvm.Client;
using NanoKvm.Client.Hid;

// Usage: NanoKvm.AotSample <address> <user> <password> [text]
// Types a text on a NanoKVM and reports the HID connection's states, from a natively compiled executable.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: NanoKvm.AotSample <address> <user> <password> [text]");
    return 2;
}

await using var client = new NanoKvmClient(new Uri(args[0]), args[1], args[2]);
client.HidConnectionStateChanged += (_, e) => Console.WriteLine($"HID {e.State}{(e.Reason is null ? string.Empty : ": " + e.Reason)}");
var firmware = await client.GetFirmwareAsync();
Console.WriteLine($"Firmware {firmware.Version}");
var result = await client.Keyboard.TypeTextAsync(args.Length > 3 ? args[3] : "hello");
Console.WriteLine($"Typed {result.TypedCharacters} characters; connection {client.HidConnectionState}");
return 0;
