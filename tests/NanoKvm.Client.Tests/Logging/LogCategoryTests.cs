using Microsoft.Extensions.Logging;
using NanoKvm.Client.Media;
using NanoKvm.Emulator;

namespace NanoKvm.Client.Tests.Logging;

/// <summary>Each area logs under its own category, so one area can be turned up alone.</summary>
public sealed class LogCategoryTests
{
    [Fact]
    public async Task Areas_LogUnderTheirOwnCategories()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01 }, ct);
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var client = new NanoKvmClient(new NanoKvmClientOptions { Address = kvm.BaseAddress, LoggerFactory = loggerFactory });

        await client.LoginAsync(ct);
        await client.Keyboard.PressAsync("a", ct);
        var iso = (await client.Media.ListImagesAsync(ct)).First(i => i.EndsWith(".iso", StringComparison.OrdinalIgnoreCase));
        await client.Media.MountAsync(iso, MountMode.CdRom, cancellationToken: ct);
        await client.Power.PressPowerAsync(cancellationToken: ct);

        var categories = sink.Entries.Select(e => e.Category).ToHashSet();
        Assert.Contains("NanoKvm.Client.Http", categories);
        Assert.Contains("NanoKvm.Client.Hid", categories);
        Assert.Contains("NanoKvm.Client.Media", categories);
        Assert.Contains("NanoKvm.Client.Power", categories);
        Assert.All(categories, c => Assert.StartsWith("NanoKvm.Client", c, StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Entries, e => e.Category == "NanoKvm.Client.Media" && e.Message.Contains("/api/", StringComparison.Ordinal) && e.Message.Contains("->", StringComparison.Ordinal));
    }
}
