using NanoKvm.Client.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Paste is chunked at each firmware's limit, validated per version, and reports busy and skipped characters.</summary>
public sealed class PasteTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.x", 2500, 3)]
    [InlineData("2.4.x", 2500, 3)]
    [InlineData("2.5.0", 1700, 3)]
    [InlineData("2.5.1", 833, 1)]
    public async Task Paste_SplitsAtTheFirmwaresLimit(string profile, int length, int requests)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var text = new string(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))).ToArray());

        var result = await device.Client.Keyboard.PasteAsync(text, cancellationToken: Ct);

        Assert.Equal(requests, result.Requests);
        Assert.Equal(requests, device.Emulator.Requests.Count("/api/hid/paste"));
        Assert.Equal(length, result.TypedCharacters);
        Assert.Equal(text, device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Paste_Before250_CountsUtf8Bytes()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x", e => e.HostKeyboardLayout = "de");
        var text = new string('ü', 600);

        var result = await device.Client.Keyboard.PasteAsync(text, "de", Ct);

        Assert.Equal(2, result.Requests);
        Assert.Equal(text, device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Paste_ReportsWhatTheDeviceSkips()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.0");

        var result = await device.Client.Keyboard.PasteAsync("a€b\r\nc😀", cancellationToken: Ct);

        Assert.Equal(["€", "😀"], result.SkippedCharacters);
        Assert.Equal("ab\nc", device.Emulator.Host.Keyboard.Transcript);
    }

    [Theory]
    [InlineData("2.2.x", "de")]
    [InlineData("2.4.x", "fr")]
    public async Task Paste_LanguageTheFirmwareLacks_IsUnsupportedBeforeSending(string profile, string language)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Keyboard.PasteAsync("abc", language, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => device.Client.Keyboard.PasteAsync("abc", "ru", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => device.Client.Keyboard.PasteAsync(string.Empty, "us", Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/hid/paste"));
    }

    [Fact]
    public async Task Paste_WhileAnotherRuns_IsBusy()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1", e => e.TimeScale = 0.1);
        using var other = device.NewClient();
        var first = other.Keyboard.PasteAsync(new string('x', 400), cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length > 0, "the first paste is typing");

        var error = await Assert.ThrowsAsync<NanoKvmTypingException>(() => device.Client.Keyboard.PasteAsync("y", cancellationToken: Ct));

        Assert.IsType<NanoKvmBusyException>(error.InnerException);
        Assert.Equal(-3, error.DeviceCode);
        Assert.Equal(0, error.CharactersSent);
        Assert.Equal(1, error.CharactersTotal);
        await first;
        Assert.Equal(new string('x', 400), device.Emulator.Host.Keyboard.Transcript);
    }
}
