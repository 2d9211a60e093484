using NanoKvm.Client.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// Randomised cancellation at report pace 0 (where the window between "recorded released" and "handed to the socket"
/// used to be widest): after every cancelled action, the emulator's host model must hold nothing, and whatever the SDK
/// records as released must really be released on the host. Seeds are fixed so a failure reproduces.
/// </summary>
public sealed class CancellationTrialsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.5.1", 11)]
    [InlineData("2.3.1", 12)]
    public async Task CancelledTyping_150Trials_LeavesNoKeyHeld(string profile, int seed)
    {
        await using var device = await HidTestDevice.StartAsync(profile, configureClient: o => o.Hid.ReportPace = TimeSpan.Zero);
        var client = device.Client;
        var host = device.Emulator.Host;
        var random = new Random(seed);
        await client.Keyboard.ConnectAsync(Ct);
        var cancelled = 0;
        for (var trial = 0; trial < 75; trial++)
        {
            using var cancel = new CancellationTokenSource();
            var typing = Task.Run(() => client.Keyboard.TypeTextAsync("Hello, World! ABC xyz 123 ~!@#", new TypeTextOptions { Pace = TimeSpan.Zero }, cancel.Token), Ct);
            await CancelAtRandomAsync(cancel, random);
            cancelled += await SwallowCancellation(typing) ? 1 : 0;
            await AssertNothingHeldAsync(() => host.Keyboard.NothingHeld, client, trial, "typing");
        }

        // The trials must really interrupt actions, not only cancel finished ones.
        Assert.InRange(cancelled, 10, 75);
    }

    [Fact]
    public async Task CancelledClicksAndChords_150Trials_LeaveNothingHeld()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1", configureClient: o => o.Hid.ReportPace = TimeSpan.Zero);
        var client = device.Client;
        var host = device.Emulator.Host;
        var random = new Random(21);
        await client.Keyboard.ConnectAsync(Ct);
        var cancelled = 0;
        for (var trial = 0; trial < 150; trial++)
        {
            using var cancel = new CancellationTokenSource();
            var kind = trial % 3;
            var action = Task.Run(() => kind switch
            {
                0 => client.Mouse.ClickAsync(MouseButton.Left, MouseMode.Relative, cancel.Token),
                1 => client.Mouse.DoubleClickAsync(MouseButton.Right, MouseMode.Absolute, cancel.Token),
                _ => client.Keyboard.PressAsync("Ctrl+Shift+KeyK", cancel.Token),
            }, Ct);
            await CancelAtRandomAsync(cancel, random);
            cancelled += await SwallowCancellation(action) ? 1 : 0;
            await AssertNothingHeldAsync(() => host.Keyboard.NothingHeld && host.Mouse.Buttons == 0, client, trial, "click/chord");
        }

        Assert.InRange(cancelled, 10, 150);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.3.1")]
    public async Task SyncDispose_DuringTyping_ReleasesEverything(string profile)
    {
        var random = new Random(5);
        for (var trial = 0; trial < 5; trial++)
        {
            await using var device = await HidTestDevice.StartAsync(profile, configureClient: o => o.Hid.ReportPace = TimeSpan.FromMilliseconds(1));
            var client = device.Client;
            var host = device.Emulator.Host;
            await client.Keyboard.ConnectAsync(Ct);
            var typing = client.Keyboard.TypeTextAsync(new string('A', 200), cancellationToken: Ct);
            await Task.Delay(random.Next(5, 60), Ct);
#pragma warning disable S6966, CA1849 // The synchronous Dispose() is what is under test.
            client.Dispose();
#pragma warning restore S6966, CA1849
            await SwallowCancellation(typing);
            await HidTestDevice.WaitUntilAsync(() => host.Keyboard.NothingHeld, $"trial {trial}: nothing held after Dispose()", seconds: 5);
        }
    }

    /// <summary>Cancels while the action runs on another thread: at once, or after a random spin of up to 300 µs.</summary>
    private static Task CancelAtRandomAsync(CancellationTokenSource cancel, Random random)
    {
        var spin = random.Next(4) == 0 ? 0 : random.Next(0, 300);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalMicroseconds < spin)
        {
            Thread.SpinWait(20);
        }

        cancel.Cancel();
        return Task.CompletedTask;
    }

    /// <returns>True when the action ended by cancellation (or disposal) rather than completing.</returns>
    private static async Task<bool> SwallowCancellation(Task action)
    {
        try
        {
            await action;
            return false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or NanoKvmException or ObjectDisposedException)
        {
            // Expected for a cancelled or disposed action.
            return true;
        }
    }

    private static async Task AssertNothingHeldAsync(Func<bool> hostHoldsNothing, NanoKvmClient client, int trial, string what)
    {
        // The SDK records released only what it handed to the socket; the host then gets it within moments.
        Assert.True(client.Hid.Keyboard.IsEmpty && client.Hid.Mouse.Buttons == 0, $"{what} trial {trial}: the SDK still records something held after the action ended");
        await HidTestDevice.WaitUntilAsync(hostHoldsNothing, $"{what} trial {trial}: the host holds nothing", seconds: 5);
    }
}
