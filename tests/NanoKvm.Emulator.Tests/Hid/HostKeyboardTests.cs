using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Tests.Hid;

/// <summary>The virtual host turns keyboard reports into text like an OS with the configured layout would.</summary>
public sealed class HostKeyboardTests
{
    private static Task<NanoKvmEmulator> StartAsync(string layout) =>
        HidSocket.StartAsync(FirmwareProfile.V2_5_1, o => o.HostKeyboardLayout = layout);

    private static void Type(NanoKvmEmulator kvm, params byte[][] reports)
    {
        foreach (var report in reports)
        {
            kvm.Host.Keyboard.Apply(report);
        }
    }

    private static byte[] R(byte modifiers, params byte[] keys)
    {
        var report = new byte[8];
        report[0] = modifiers;
        keys.CopyTo(report, 2);
        return report;
    }

    [Fact]
    public async Task KeyDownEdgesOnly_ModifiersApplied_EnterTabBackspace()
    {
        await using var kvm = await StartAsync("us");

        Type(kvm, R(0, 0x04), R(0, 0x04), R(0, 0x04, 0x05), R(0), R(0x02), R(0x02, 0x1E), R(0), R(0, 0x28), R(0, 0x2B), R(0), R(0, 0x06), R(0), R(0, 0x2A), R(0));

        Assert.Equal("ab!\n\t", kvm.Host.Keyboard.Transcript);
        Assert.True(kvm.Host.Keyboard.NothingHeld);
    }

    [Fact]
    public async Task Shortcuts_TypeNothing()
    {
        await using var kvm = await StartAsync("us");

        Type(kvm, R(0x01, 0x06), R(0), R(0x08, 0x15), R(0), R(0x04, 0x2B), R(0), R(0x10, 0x04), R(0));

        Assert.Equal(string.Empty, kvm.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task German_SwapsYz_AltGrLevel_DeadKeysTypeNothing()
    {
        await using var kvm = await StartAsync("de");

        Type(kvm, R(0, 0x1C), R(0), R(0, 0x1D), R(0), R(0x40, 0x14), R(0), R(0, 0x35), R(0), R(0, 0x2E), R(0), R(0x20, 0x35), R(0));

        Assert.Equal("zy@°", kvm.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task CapsLock_TogglesTheLed_AndAffectsLettersOnly()
    {
        await using var kvm = await StartAsync("fr");
        Assert.False(kvm.Host.Keyboard.Leds.Known);

        Type(kvm, R(0, 0x39), R(0), R(0, 0x14), R(0), R(0x02, 0x14), R(0), R(0, 0x1F), R(0), R(0, 0x33), R(0));

        Assert.True(kvm.Host.Keyboard.Leds is { Known: true, CapsLock: true });
        Assert.Equal("AaéM", kvm.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task UnitedKingdom_HashAndBackslashKeys()
    {
        await using var kvm = await StartAsync("uk");

        Type(kvm, R(0, 0x32), R(0), R(0x02, 0x32), R(0), R(0, 0x64), R(0), R(0x02, 0x1F), R(0), R(0x02, 0x20), R(0));

        Assert.Equal("#~\\\"£", kvm.Host.Keyboard.Transcript);
    }
}
