using NanoKvm.Client;
using NanoKvm.Client.Media;
using NanoKvm.Emulator;

// The no-hardware quick start: a virtual NanoKVM on loopback and the SDK driving it. Device waits (the 800 ms
// button press, USB re-enumeration) run at 1/10 speed so the tour takes a second or two.
await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.1 });
Console.WriteLine($"Emulated NanoKVM at {kvm.BaseAddress}");

await using var client = new NanoKvmClient(kvm.BaseAddress, "admin", "admin");
await client.LoginAsync();

var firmware = await client.GetFirmwareAsync();
Console.WriteLine($"Firmware   {firmware.Version} (HID {firmware.Capabilities.HidEncoding}, login {firmware.Capabilities.LoginTokenStyle})");

var info = await client.Device.GetInfoAsync();
var hardware = await client.Device.GetHardwareAsync();
Console.WriteLine($"Device     {info.Mdns}, {hardware.Version} hardware, image {info.Image}, {string.Join(", ", info.Addresses.Select(a => a.Address))}");

var leds = await client.Power.GetLedsAsync();
Console.WriteLine($"Power LED  {(leds.PowerOn ? "on" : "off")}");

var images = await client.Media.ListImagesAsync();
Console.WriteLine($"Images     {string.Join(", ", images)}");
var iso = images.First(i => i.EndsWith(".iso", StringComparison.OrdinalIgnoreCase));
await client.Media.MountAsync(iso, MountMode.CdRom);
Console.WriteLine($"Mounted    {await client.Media.GetMountedImageAsync()} as CD-ROM");

await client.Power.PressPowerAsync();
leds = await client.Power.WaitForPowerLedAsync(true, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
Console.WriteLine($"Power LED  {(leds.PowerOn ? "on" : "off")} after a short press of the power button");

await client.Media.UnmountAsync();
Console.WriteLine($"Unmounted  (mounted image now: {await client.Media.GetMountedImageAsync() ?? "none"})");
