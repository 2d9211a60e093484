using NanoKvm.Client.Hid;
using NanoKvm.Client.Tests.Infrastructure;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Typed text round-trips exactly through the virtual host's transcript on every profile and layout.</summary>
public sealed class TypingTests
{
    private const string AllPrintableAscii =
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    public static TheoryData<string, string, string> LayoutSamples()
    {
        var data = new TheoryData<string, string, string>();
        var samples = new Dictionary<string, string>
        {
            ["us"] = "Hello, World! {x: [1, 2]} ~`|\\ \"quoted\" 100% & more\n\tend",
            ["de"] = "Grüße aus Köln: ÄÖÜ äöü ß € @ {[]} \\ | <> ~ # ' ² ³ § ° µ yzYZ\n",
            ["fr"] = "Déjà été, où ça? àçèéù AZERTY azerty qwQW mM € @ # {[|`\\^]} ~ ² £ µ § ° ¤\n",
            ["uk"] = "£5 @home \"quote\" #tag ~tilde \\ | ¬ ¦ € Hello\n",
        };
        foreach (var profile in NanoKvm.Emulator.Firmware.FirmwareProfile.All.Select(p => p.Name))
        {
            foreach (var (layout, text) in samples)
            {
                data.Add(profile, layout, text);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LayoutSamples))]
    public async Task TypeText_RoundTripsThroughTheHostTranscript(string profile, string layout, string text)
    {
        await using var device = await HidTestDevice.StartAsync(profile, e => e.HostKeyboardLayout = layout);

        var result = await device.Client.Keyboard.TypeTextAsync(
            text, new TypeTextOptions { Layout = layout }, TestContext.Current.CancellationToken);

        Assert.Empty(result.SkippedCharacters);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= text.Length, "the host typed everything");
        Assert.Equal(text, device.Emulator.Host.Keyboard.Transcript);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.NothingHeld, "every key is released");
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task TypeText_AllPrintableAsciiOnUs(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Keyboard.TypeTextAsync(AllPrintableAscii, cancellationToken: TestContext.Current.CancellationToken);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= AllPrintableAscii.Length, "the host typed everything");
        Assert.Equal(AllPrintableAscii, device.Emulator.Host.Keyboard.Transcript);
    }
}
