using NanoKvm.Client;
using NanoKvm.Client.Media;

namespace NanoKvm.EmulatorTesting;

/// <summary>
/// The automation under test — yours will differ: lends the target an installer ISO, switches it on and types the
/// boot-menu choice.
/// </summary>
public sealed class InstallerBoot(NanoKvmClient kvm)
{
    /// <summary>Mounts <paramref name="iso"/> as a CD-ROM, powers the target on if it is off, and answers the boot menu.</summary>
    public async Task RunAsync(string iso, string bootMenuAnswer, CancellationToken cancellationToken = default)
    {
        await kvm.Media.MountAsync(iso, MountMode.CdRom, cancellationToken: cancellationToken);
        var leds = await kvm.Power.GetLedsAsync(cancellationToken);
        if (!leds.PowerOn)
        {
            await kvm.Power.PressPowerAsync(cancellationToken: cancellationToken);
            await kvm.Power.WaitForPowerLedAsync(true, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        await kvm.Keyboard.TypeTextAsync(bootMenuAnswer, cancellationToken: cancellationToken);
    }
}
