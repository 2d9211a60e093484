using NanoKvm.Client.Hid;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Chords, sequences and holds reach hidg0 as exactly these reports, on every profile.</summary>
public sealed class KeyboardReportTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task ShiftA_SendsShiftInItsOwnReportFirst(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Keyboard.PressAsync("Shift+A", Ct);

        var legacy = !FirmwareProfile.Parse(profile).BinaryHid;
        string[] expected = legacy
            ? ["0200E10000000000", "0200040000000000", "0200E10000000000", "0000000000000000"]
            : ["0200000000000000", "0200040000000000", "0200000000000000", "0000000000000000"];
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Reports.Count >= 4, "four reports arrived");
        Assert.Equal(expected, device.Emulator.Host.Keyboard.Reports.Select(HidTestDevice.Hex));
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task CtrlAltDelete_ProducesTheExactReports(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Keyboard.PressAsync("Ctrl+Alt+Delete", Ct);

        var legacy = !FirmwareProfile.Parse(profile).BinaryHid;
        string[] expected = legacy
            ? ["0500E00000000000", "05004C0000000000", "0500E00000000000", "0000000000000000"]
            : ["0500000000000000", "05004C0000000000", "0500000000000000", "0000000000000000"];
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Reports.Count >= 4, "four reports arrived");
        Assert.Equal(expected, device.Emulator.Host.Keyboard.Reports.Select(HidTestDevice.Hex));
    }

    [Fact]
    public async Task Sequence_TapsEachChordInOrder()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");

        await device.Client.Keyboard.PressSequenceAsync(["AltGr+Q", "Enter", "RightShift+F10"], Ct);

        string[] expected =
        [
            "4000000000000000", "4000140000000000", "4000000000000000", "0000000000000000",
            "0000280000000000", "0000000000000000",
            "2000000000000000", "2000430000000000", "2000000000000000", "0000000000000000",
        ];
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Reports.Count >= expected.Length, "all reports arrived");
        Assert.Equal(expected, device.Emulator.Host.Keyboard.Reports.Select(HidTestDevice.Hex));
    }

    [Fact]
    public async Task DownAndUp_HoldSixKeysAndRejectTheSeventhBeforeSending()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x");
        var keyboard = device.Client.Keyboard;

        await keyboard.KeyDownAsync("Ctrl+KeyA+KeyB+KeyC", Ct);
        await keyboard.KeyDownAsync("KeyD+KeyE+KeyF", Ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Reports.Count >= 3, "three reports arrived");
        var before = device.Emulator.Host.Keyboard.Reports.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => keyboard.KeyDownAsync("KeyG", Ct));
        await keyboard.KeyUpAsync("KeyB", Ct);
        await keyboard.KeyUpAsync("Ctrl+KeyA+KeyC+KeyD+KeyE+KeyF", Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Reports.Count >= before + 3, "the releases arrived");
        var reports = device.Emulator.Host.Keyboard.Reports.Select(HidTestDevice.Hex).ToArray();
        Assert.Equal("0100040506070809", reports[before - 1]);
        Assert.Equal("0100040607080900", reports[before]);
        Assert.Equal("0100000000000000", reports[before + 1]);
        Assert.Equal("0000000000000000", reports[before + 2]);
        Assert.True(device.Emulator.Host.Keyboard.NothingHeld);
    }

    [Fact]
    public async Task Hold_KeepsTheKeyDownThenReleases()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.0");

        await device.Client.Keyboard.HoldAsync("ShiftLeft+ArrowDown", TimeSpan.FromMilliseconds(50), Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Reports.Count >= 4, "four reports arrived");
        Assert.Equal(
            ["0200000000000000", "0200510000000000", "0200000000000000", "0000000000000000"],
            device.Emulator.Host.Keyboard.Reports.Select(HidTestDevice.Hex));
    }

    [Fact]
    public async Task BadKeyNames_FailBeforeAnythingIsSent()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");

        await Assert.ThrowsAsync<ArgumentException>(() => device.Client.Keyboard.PressAsync("Ctrl+Explode", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => device.Client.Keyboard.PressSequenceAsync(["Enter", "NotAKey"], Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Client.Keyboard.HoldAsync("KeyA", TimeSpan.FromSeconds(-1), Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/ws"));
        Assert.Empty(device.Emulator.Host.Keyboard.Reports);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.3.1")]
    public async Task LegacyFirmware_RefusesTwoKeysAtOnceAndUsagesAboveItsDescriptor(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Keyboard.PressAsync("KeyA+KeyB", Ct));
        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Keyboard.PressAsync("F13", Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/ws"));
    }

    [Fact]
    public async Task UnmappableCharacters_FailBeforeSendingOrAreSkippedAndReported()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1", e => e.HostKeyboardLayout = "de");
        var keyboard = device.Client.Keyboard;

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => keyboard.TypeTextAsync("a^b😀", new TypeTextOptions { Layout = "de" }, Ct));
        Assert.Contains("'^'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/ws"));

        var result = await keyboard.TypeTextAsync(
            "a^b😀c", new TypeTextOptions { Layout = "de", Unmappable = UnmappableCharacterHandling.Skip }, Ct);

        Assert.Equal(["^", "😀"], result.SkippedCharacters);
        Assert.Equal(3, result.TypedCharacters);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "abc", "the host typed abc");
        await Assert.ThrowsAsync<ArgumentException>(() => keyboard.TypeTextAsync("x", new TypeTextOptions { Layout = "klingon" }, Ct));
    }
}
