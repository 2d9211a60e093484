namespace NanoKvm.Client.Tests.Pro;

/// <summary>Paste on the Pro: US only, 1024 bytes per request, 50 ms per character.</summary>
public sealed class ProPasteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LongText_IsChunkedAtMost1024BytesPerRequest()
    {
        await using var device = await ProDevice.StartAsync();
        var text = string.Concat(Enumerable.Repeat("abcdefghij", 150));

        var result = await device.Client.Keyboard.PasteAsync(text, cancellationToken: Ct);

        Assert.Equal(2, result.Requests);
        Assert.Equal(2, device.Emulator.Requests.Count("/api/hid/paste", "POST"));
        Assert.Equal(text.Length, result.TypedCharacters);
        Assert.Equal(text, device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task OtherLayout_FailsBeforeSending_NamingTheDeviceAndTheAlternative()
    {
        await using var device = await ProDevice.StartAsync();

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Keyboard.PasteAsync("hallo", "de", Ct));

        Assert.Contains("NanoKVM-Pro", error.Message, StringComparison.Ordinal);
        Assert.Contains("TypeTextAsync", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/hid/paste"));
    }
}
