using NanoKvm.Client.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// Typing and paste report progress (characters sent of the total, only increasing), and a failure part-way says
/// how many characters had been sent.
/// </summary>
public sealed class TypingProgressTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TypeText_ReportsEveryCharacterSent_InOrder_UpToTheTotal()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");
        const string Text = "Hello, World!\r\nline 2 ✓ end";
        var progress = new Recorder();

        var result = await device.Client.Keyboard.TypeTextAsync(Text, new TypeTextOptions { Unmappable = UnmappableCharacterHandling.Skip }, progress, Ct);

        // CR LF types one Enter and ✓ is skipped: neither is counted.
        Assert.Equal(Text.Length - 2, result.TypedCharacters);
        Assert.Equal(Enumerable.Range(1, result.TypedCharacters), progress.Values.Select(p => p.Sent));
        Assert.All(progress.Values, p => Assert.Equal(result.TypedCharacters, p.Total));
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "Hello, World!\nline 2  end", "the host typed the text");
    }

    [Theory]
    [InlineData("2.5.1", 100, new[] { 16, 32, 48, 64, 80, 96, 100 })]
    [InlineData("2.2.x", 25, new[] { 10, 20, 25 })]
    public async Task Paste_WithProgress_SendsHalfSecondRequests_AndReportsEachOne(string profile, int length, int[] expected)
    {
        await using var device = await HidTestDevice.StartAsync(profile, e => e.TimeScale = 0.01);
        var text = new string(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))).ToArray());
        var progress = new Recorder();

        var result = await device.Client.Keyboard.PasteAsync(text, "us", progress, Ct);

        Assert.Equal(expected.Length, result.Requests);
        Assert.Equal(expected.Length, device.Emulator.Requests.Count("/api/hid/paste"));
        Assert.Equal(expected, progress.Values.Select(p => p.Sent));
        Assert.All(progress.Values, p => Assert.Equal(length, p.Total));
        Assert.Equal(text, device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Paste_FailingPartWay_SaysHowManyCharactersTheDeviceFinished()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1", e => e.TimeScale = 0.01);
        var text = new string('x', 100);
        var progress = new Recorder(p =>
        {
            if (p.Sent == 32)
            {
                device.Emulator.Faults.FailNext(1, 500, "/api/hid/paste");
            }
        });

        var error = await Assert.ThrowsAsync<NanoKvmTypingException>(() => device.Client.Keyboard.PasteAsync(text, "us", progress, Ct));

        Assert.Equal(32, error.CharactersSent);
        Assert.Equal(100, error.CharactersTotal);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("POST /api/hid/paste", error.Endpoint);
        Assert.IsAssignableFrom<NanoKvmException>(error.InnerException);
        Assert.StartsWith("Typing stopped after 32 of 100 characters: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 32), device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task Paste_WithoutProgress_KeepsTheLargestRequests()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1", e => e.TimeScale = 0.01);

        var result = await device.Client.Keyboard.PasteAsync(new string('z', 100), cancellationToken: Ct);

        Assert.Equal(1, result.Requests);
    }

    /// <summary>Records reports synchronously, in the order the SDK made them (Progress&lt;T&gt; would post them).</summary>
    private sealed class Recorder(Action<TypingProgress>? onReport = null) : IProgress<TypingProgress>
    {
        public List<TypingProgress> Values { get; } = [];

        public void Report(TypingProgress value)
        {
            Values.Add(value);
            onReport?.Invoke(value);
        }
    }
}
