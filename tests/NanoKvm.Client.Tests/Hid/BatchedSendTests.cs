using NanoKvm.Client.Tests.Infrastructure;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// Long relative moves leave as batches (many frames per socket write). Every step must still reach the host as its
/// own report, in order, on both wire encodings, and a batch that cannot be delivered fails its caller.
/// </summary>
public sealed class BatchedSendTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.3.1")]
    [InlineData("2.5.1")]
    public async Task LongMove_ArrivesAsEveryStepInOrder(string profile)
    {
        // 1,100 steps: more than one batch (1,024), so the batch boundary is crossed too.
        const int Steps = 1100;
        await using var device = await HidTestDevice.StartAsync(profile, emulator => emulator.HidUsbPollInterval = TimeSpan.FromMilliseconds(0.1));
        var host = device.Emulator.Host.Mouse;

        await device.Client.Mouse.MoveByAsync((127 * (Steps - 1)) + 40, -300, Ct);

        await HidTestDevice.WaitUntilAsync(() => host.RelativeReports.Count >= Steps, $"{Steps} reports arrived", seconds: 30);
        var reports = host.RelativeReports;
        Assert.Equal(Steps, reports.Count);
        var dx = reports.Select(r => (int)(sbyte)r[1]).ToArray();
        var dy = reports.Select(r => (int)(sbyte)r[2]).ToArray();
        Assert.All(dx.Take(Steps - 1), step => Assert.Equal(127, step));
        Assert.Equal(40, dx[^1]);
        Assert.Equal([-127, -127, -46], dy.Take(3));
        Assert.All(dy.Skip(3), step => Assert.Equal(0, step));
        Assert.All(reports, r => Assert.Equal(0, r[0]));
    }

    [Fact]
    public async Task LongDrag_HoldsTheButtonOnEveryStepAndReleasesAfter()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1", emulator => emulator.HidUsbPollInterval = TimeSpan.FromMilliseconds(0.1));
        var host = device.Emulator.Host.Mouse;

        await device.Client.Mouse.DragByAsync(127 * 1500, 0, cancellationToken: Ct);

        // Press, 1,500 steps, release.
        await HidTestDevice.WaitUntilAsync(() => host.RelativeReports.Count >= 1502, "the drag arrived", seconds: 30);
        var reports = host.RelativeReports;
        Assert.Equal(1502, reports.Count);
        Assert.All(reports.Take(1501), r => Assert.Equal(1, r[0]));
        Assert.Equal("00000000", HidTestDevice.Hex(reports[^1]));
        Assert.Equal(0, host.Buttons);
    }

    [Fact]
    public async Task DeviceGone_ABatchedMoveFailsWithNanoKvmException_NamingTheEndpoint()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x", configureClient: o => o.Hid.ReconnectAttempts = 2);
        await device.Client.Mouse.MoveByAsync(10, 0, Ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Mouse.RelativeReports.Count == 1, "the first move arrived");

        await device.Emulator.DisposeAsync();

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Mouse.MoveByAsync(127 * 3000, 0, Ct));
        // Whichever call found the device gone (the socket, or the re-login after it) is named.
        Assert.False(string.IsNullOrEmpty(error.Endpoint));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(0, device.Client.Hid.Mouse.Buttons);
    }
}
