using NanoKvm.Client;
using NanoKvm.Emulator;

// The no-hardware quick start: a virtual NanoKVM on loopback and the SDK driving it.
await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.1 });
Console.WriteLine($"Emulated NanoKVM (firmware {kvm.Profile}) at {kvm.BaseAddress}");

await using var client = new NanoKvmClient(kvm.BaseAddress, "admin", "admin");
var firmware = await client.GetFirmwareAsync();
Console.WriteLine($"Firmware {firmware.Version}: HID {firmware.Capabilities.HidEncoding}, login {firmware.Capabilities.LoginTokenStyle}");

var info = await client.Device.GetInfoAsync();
Console.WriteLine($"Device {info.Mdns}, image {info.Image}, addresses {string.Join(", ", info.Addresses.Select(a => a.Address))}");
