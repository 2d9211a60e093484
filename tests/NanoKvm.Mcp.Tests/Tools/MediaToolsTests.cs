using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Storage;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class MediaToolsTests
{
    private const string Ubuntu = "/data/ubuntu-24.04-live-server-amd64.iso";
    private const string Memtest = "/data/memtest86-usb.img";

    [Fact]
    public async Task ListImages_ReturnsTheDevicesImages_AndWhatIsMounted()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_mount_iso", new { file = Ubuntu });

        var result = (await mcp.CallAsync("nanokvm_list_images")).Structured();

        Assert.Equal([Memtest, Ubuntu], result.GetProperty("images").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(Ubuntu, result.GetProperty("mounted").GetString());
    }

    [Fact]
    public async Task MountIso_MountsAListedImageAsCdrom_ByPathOrByName()
    {
        await using var mcp = await McpHarness.StartAsync();

        var byName = (await mcp.CallAsync("nanokvm_mount_iso", new { file = "ubuntu-24.04-live-server-amd64.iso" })).Structured();

        Assert.Equal(Ubuntu, byName.GetProperty("file").GetString());
        Assert.Equal("cdrom", byName.GetProperty("mode").GetString());
        Assert.Equal(Ubuntu, mcp.Emulator.Storage.MountedImage);
        Assert.True(mcp.Emulator.Storage.CdRom);
        Assert.Contains("nanokvm_unmount_iso", byName.GetProperty("message").GetString(), StringComparison.Ordinal);

        var asDisk = (await mcp.CallAsync("nanokvm_mount_iso", new { file = Memtest, as_cdrom = false })).Structured();

        Assert.Equal("disk", asDisk.GetProperty("mode").GetString());
        Assert.Equal(Ubuntu, asDisk.GetProperty("previously_mounted").GetString());
        Assert.Equal(Memtest, mcp.Emulator.Storage.MountedImage);
        Assert.False(mcp.Emulator.Storage.CdRom);
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("missing.iso")]
    public async Task MountIso_RefusesImagesTheDeviceDoesNotList_WithoutMounting(string file)
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_mount_iso", new { file })).ErrorText();

        Assert.Contains("does not list", text, StringComparison.Ordinal);
        Assert.Contains(Ubuntu, text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Storage.MountRequests);
    }

    [Fact]
    public async Task UnmountIso_And_MountedImage_ReportTheState()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_mount_iso", new { file = Ubuntu });

        var mounted = (await mcp.CallAsync("nanokvm_mounted_image")).Structured();
        Assert.Equal(Ubuntu, mounted.GetProperty("file").GetString());
        Assert.True(mounted.GetProperty("mounted").GetBoolean());
        Assert.True(mounted.GetProperty("as_cdrom").GetBoolean());

        var unmounted = (await mcp.CallAsync("nanokvm_unmount_iso")).Structured();
        Assert.Equal(Ubuntu, unmounted.GetProperty("previously_mounted").GetString());
        Assert.Null(mcp.Emulator.Storage.MountedImage);

        var after = (await mcp.CallAsync("nanokvm_mounted_image")).Structured();
        Assert.False(after.GetProperty("mounted").GetBoolean());
    }

    [Fact]
    public async Task DeleteImage_DeletesAListedImage_ButNotTheMountedOne()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_mount_iso", new { file = Ubuntu });

        var refused = (await mcp.CallAsync("nanokvm_delete_image", new { file = Ubuntu })).ErrorText();
        Assert.Contains("unmount it with nanokvm_unmount_iso first", refused, StringComparison.Ordinal);
        Assert.True(mcp.Emulator.Storage.Images.ContainsKey(Ubuntu));

        var deleted = (await mcp.CallAsync("nanokvm_delete_image", new { file = "memtest86-usb.img" })).Structured();
        Assert.Equal(Memtest, deleted.GetProperty("file").GetString());
        Assert.False(mcp.Emulator.Storage.Images.ContainsKey(Memtest));
        Assert.Equal([Ubuntu], deleted.GetProperty("remaining").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task DeleteImage_OnFirmwareWithoutDelete_IsAnUnsupportedToolError()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.V2_2);

        var text = (await mcp.CallAsync("nanokvm_delete_image", new { file = Memtest })).ErrorText();

        Assert.Contains("firmware does not offer that", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadImage_WaitsForTheTransfer_AndTheImageAppears()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_download_image", new { url = "http://example.invalid/tiny.iso" })).Structured();

        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        Assert.True(result.GetProperty("finished").GetBoolean());
        Assert.Contains("/data/tiny.iso", mcp.Emulator.Storage.Images.Keys);
    }

    [Fact]
    public async Task DownloadImage_Failure_IsReportedAsFailedState()
    {
        await using var mcp = await McpHarness.StartAsync();
        mcp.Emulator.Storage.NextDownloadOutcome = DownloadOutcome.Failure;

        var result = (await mcp.CallAsync("nanokvm_download_image", new { url = "http://example.invalid/broken.iso" })).Structured();

        Assert.Equal("failed", result.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("ftp://example.invalid/x.iso", "url")]
    [InlineData("not a url at all", "url")]
    public async Task DownloadImage_BadUrl_IsRejectedBeforeAnythingIsSent(string url, string argument)
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_download_image", new { url })).ErrorText();

        Assert.Contains($"invalid argument '{argument}'", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Storage.DownloadRequests);
    }

    [Fact]
    public async Task DownloadStatus_And_Cancel_WorkWithoutADownload()
    {
        await using var mcp = await McpHarness.StartAsync();

        var status = (await mcp.CallAsync("nanokvm_download_status")).Structured();
        Assert.Equal("idle", status.GetProperty("state").GetString());

        var cancel = await mcp.CallAsync("nanokvm_cancel_download");
        Assert.True(cancel.IsError is true);
        Assert.Contains("nanokvm_cancel_download failed", cancel.Text(), StringComparison.Ordinal);
    }
}
