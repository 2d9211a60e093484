using NanoKvm.Client.Media;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Storage;

namespace NanoKvm.Client.Tests.Media;

public sealed class DownloadTests
{
    private static readonly Uri ImageUrl = new("https://mirror.example.test/isos/debian-13.iso");
    private static readonly ImageDownloadOptions FastPolling = new() { PollInterval = TimeSpan.FromMilliseconds(5) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task Download_ReportsProgress_AndTheImageAppears(string profile)
    {
        // 2.5.0+ report "success"; older firmware only goes back to "idle" and the SDK checks the image list.
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var progress = new CollectingProgress<ImageDownloadStatus>();

        var final = await device.Client.Media.DownloadImageAsync(ImageUrl, FastPolling, progress, Ct);

        Assert.Equal(ImageDownloadState.Succeeded, final.State);
        Assert.Equal(ImageDownloadState.InProgress, progress.Reports[0].State);
        Assert.Equal(ImageUrl.AbsoluteUri, progress.Reports[0].File);
        Assert.Same(final, progress.Reports[^1]);
        Assert.Contains("/data/debian-13.iso", await device.Client.Media.ListImagesAsync(Ct));
        Assert.Equal([ImageUrl.AbsoluteUri], device.Emulator.Storage.DownloadRequests);

        // 2.5.0+ keep the outcome until the next transfer; older firmware is simply idle again.
        var after = await device.Client.Media.GetDownloadStatusAsync(Ct);
        Assert.Equal(device.Emulator.Profile.DownloadReportsFinalStatus ? ImageDownloadState.Succeeded : ImageDownloadState.Idle, after.State);
    }

    [Fact]
    public async Task DownloadAndWatch_YieldsRisingPercentages_EndingWithTheOutcome()
    {
        await using var device = await EmulatedDevice.StartAsync(
            FirmwareProfile.V2_5_1, e => e.DownloadDuration = TimeSpan.FromSeconds(100));

        var updates = new List<ImageDownloadStatus>();
        await foreach (var status in device.Client.Media.DownloadImageAndWatchAsync(ImageUrl, FastPolling, Ct))
        {
            updates.Add(status);
        }

        Assert.Equal(ImageDownloadState.Succeeded, updates[^1].State);
        var percentages = updates.Where(u => u.Percentage is not null).Select(u => u.Percentage!.Value).ToList();
        Assert.NotEmpty(percentages);
        Assert.Equal(percentages.Order(), percentages);
        Assert.All(updates.Where(u => u.PercentageText.Length > 0), u => Assert.Matches(@"^\d{1,3}\.\d\d%$", u.PercentageText));
    }

    [Theory]
    [InlineData("2.4.x")]
    [InlineData("2.5.0")]
    public async Task FailedDownload_Throws(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        device.Emulator.Storage.NextDownloadOutcome = DownloadOutcome.Failure;

        var error = await Assert.ThrowsAsync<NanoKvmException>(
            () => device.Client.Media.DownloadImageAsync(ImageUrl, FastPolling, cancellationToken: Ct));

        Assert.Contains("failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/data/debian-13.iso", await device.Client.Media.ListImagesAsync(Ct));
    }

    [Fact]
    public async Task ChecksumMismatch_Throws_AndTheStreamEndsWithChecksumFailed()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_1);
        var options = new ImageDownloadOptions { Sha256 = new string('a', 64), PollInterval = TimeSpan.FromMilliseconds(5) };
        device.Emulator.Storage.NextDownloadOutcome = DownloadOutcome.ChecksumMismatch;

        var error = await Assert.ThrowsAsync<NanoKvmException>(
            () => device.Client.Media.DownloadImageAsync(ImageUrl, options, cancellationToken: Ct));
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);

        device.Emulator.Storage.NextDownloadOutcome = DownloadOutcome.ChecksumMismatch;
        var last = await device.Client.Media.DownloadImageAndWatchAsync(ImageUrl, options, Ct).LastAsync(Ct);
        Assert.Equal(ImageDownloadState.ChecksumFailed, last.State);
    }

    [Fact]
    public async Task Checksum_IsUnsupportedBefore250_WithoutSending()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_4);
        var options = new ImageDownloadOptions { Sha256 = new string('b', 64) };

        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(
            () => device.Client.Media.DownloadImageAsync(ImageUrl, options, cancellationToken: Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/download/image", "POST"));
    }

    [Theory]
    [InlineData("ftp://example.test/a.iso")]
    [InlineData("file:///tmp/a.iso")]
    [InlineData("https://example.test/")]
    public async Task BadUrls_ThrowBeforeSending(string url)
    {
        await using var device = await EmulatedDevice.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => device.Client.Media.DownloadImageAsync(new Uri(url), cancellationToken: Ct));

        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public async Task BadSha256_ThrowsBeforeSending(string sha)
    {
        await using var device = await EmulatedDevice.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => device.Client.Media.DownloadImageAsync(
            ImageUrl, new ImageDownloadOptions { Sha256 = sha }, cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => device.Client.Media.DownloadImageAsync(
            ImageUrl, new ImageDownloadOptions { PollInterval = TimeSpan.Zero }, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => device.Client.Media.DownloadImageAsync(null!, cancellationToken: Ct));

        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Theory]
    [InlineData("2.5.0")]
    [InlineData("2.5.1")]
    public async Task CancellingTheToken_CancelsTheTransferOnTheDevice(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(
            FirmwareProfile.Parse(profile), e => e.DownloadDuration = TimeSpan.FromHours(1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var status in device.Client.Media.DownloadImageAndWatchAsync(ImageUrl, FastPolling, cts.Token))
            {
                Assert.Equal(ImageDownloadState.InProgress, status.State);
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, device.Emulator.Requests.Count("/api/download/image/cancel"));
        var status = await device.Client.Media.GetDownloadStatusAsync(Ct);
        Assert.Equal(ImageDownloadState.Idle, status.State);
        Assert.DoesNotContain("/data/debian-13.iso", device.Emulator.Storage.Images.Keys);
    }

    [Fact]
    public async Task CancellingTheToken_OnOlderFirmware_LeavesTheDeviceDownloading()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_4, e => e.DownloadDuration = TimeSpan.FromHours(1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in device.Client.Media.DownloadImageAndWatchAsync(ImageUrl, FastPolling, cts.Token))
            {
                await cts.CancelAsync();
            }
        });

        Assert.Equal(0, device.Emulator.Requests.Count("/api/download/image/cancel"));
        Assert.Equal(ImageDownloadState.InProgress, (await device.Client.Media.GetDownloadStatusAsync(Ct)).State);
    }

    [Fact]
    public async Task CancelDownload_Explicitly_OnNewFirmware()
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.V2_5_0, e => e.DownloadDuration = TimeSpan.FromHours(1));
        var watch = device.Client.Media.DownloadImageAsync(ImageUrl, FastPolling, cancellationToken: Ct);
        while ((await device.Client.Media.GetDownloadStatusAsync(Ct)).State != ImageDownloadState.InProgress)
        {
            await Task.Delay(5, Ct);
        }

        await device.Client.Media.CancelDownloadAsync(Ct);

        // The waiting download sees the device go idle without an outcome: cancelled on the device.
        var error = await Assert.ThrowsAsync<NanoKvmException>(() => watch);
        Assert.Contains("cancelled", error.Message, StringComparison.Ordinal);

        // Nothing left to cancel: the device's code -1.
        var nothing = await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Media.CancelDownloadAsync(Ct));
        Assert.Equal(-1, nothing.DeviceCode);
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.4.x")]
    public async Task CancelDownload_IsUnsupportedBefore250_WithoutSending(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Media.CancelDownloadAsync(Ct));

        Assert.Equal(new FirmwareVersion(2, 5, 0), error.RequiredVersion);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/download/image/cancel"));
    }

    [Fact]
    public async Task SecondDownload_WhileOneRuns_IsBusy()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.DownloadDuration = TimeSpan.FromHours(1));
        await using var first = device.Client.Media.DownloadImageAndWatchAsync(ImageUrl, FastPolling, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await first.MoveNextAsync());

        var error = await Assert.ThrowsAsync<NanoKvmBusyException>(() => device.Client.Media.DownloadImageAsync(
            new Uri("http://example.test/other.img"), FastPolling, cancellationToken: Ct));

        Assert.Equal(-1, error.DeviceCode);
        await device.Client.Media.CancelDownloadAsync(Ct);
    }
}
