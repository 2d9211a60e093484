using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Video.H264;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Video;

/// <summary>Direct H.264 over WebSocket in each firmware's framing.</summary>
public sealed class H264DirectTests
{
    private static async Task<List<H264AccessUnit>> TakeAsync(EmulatedDevice device, int count, H264StreamOptions? options = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var units = new List<H264AccessUnit>();
        await foreach (var unit in device.Client.Video.GetH264AccessUnitsAsync(options, timeout.Token))
        {
            units.Add(unit);
            if (units.Count == count)
            {
                break;
            }
        }

        return units;
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task AccessUnits_StartWithAKeyframeCarryingSpsPps_AndHaveRisingTimestamps(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        if (device.Emulator.Profile.H264Direct == H264DirectMode.None)
        {
            // Before 2.2.7 the route does not exist: refused before connecting.
            var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => TakeAsync(device, 1));
            Assert.Equal(new FirmwareVersion(2, 2, 7), error.RequiredVersion);
            Assert.DoesNotContain(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/h264/direct");
            return;
        }

        await device.Client.Video.SetH264GopAsync(5, TestContext.Current.CancellationToken);

        var units = await TakeAsync(device, 12);

        Assert.Equal(12, units.Count);
        Assert.True(units[0].IsKeyFrame);
        Assert.Equal(new byte[] { 0, 0, 0, 1, 0x67 }, units[0].Data[..5].ToArray());
        Assert.Contains(units.Skip(1), u => !u.IsKeyFrame && u.Data.Span[4] == 0x41);
        Assert.Contains(units.Skip(1), u => u.IsKeyFrame);
        for (var i = 1; i < units.Count; i++)
        {
            Assert.True(units[i].TimestampMicroseconds > units[i - 1].TimestampMicroseconds);
        }
    }

    [Theory]
    [InlineData("2.5.0", "flow=8")]
    [InlineData("2.5.1", "flow=8")]
    [InlineData("2.4.x", "")]
    [InlineData("2.2.x", "")]
    public async Task FlowControl_IsRequestedOnlyWhereTheFirmwareHasIt(string profile, string query)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        await TakeAsync(device, 2);

        var request = Assert.Single(device.Emulator.Requests.Entries, r => r.Path == "/api/stream/h264/direct");
        Assert.Equal(query, request.Query.TrimStart('?'));
    }

    [Fact]
    public async Task AWindowOfOne_KeepsFlowingBecauseEveryUnitIsAcknowledged()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0);
        await device.Client.Video.SetH264GopAsync(4, TestContext.Current.CancellationToken);

        var units = await TakeAsync(device, 10, new H264StreamOptions { FlowWindow = 1 });

        Assert.Equal(10, units.Count);
    }

    [Fact]
    public async Task BadWindow_IsRejectedBeforeConnecting()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TakeAsync(device, 1, new H264StreamOptions { FlowWindow = 9 }));

        Assert.Empty(device.Emulator.Requests.Entries);
    }
}
