using Microsoft.Extensions.Logging.Abstractions;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Hosting;

namespace NanoKvm.Mcp.Tests.Hosting;

public sealed class EmbeddedEmulatorTests
{
    [Fact]
    public async Task EmulatorFirmware_PicksTheProfile()
    {
        var (emulator, device) = await EmbeddedEmulator.StartAsync("2.4.x", NullLoggerFactory.Instance, cancellationToken: TestContext.Current.CancellationToken);
        await using (emulator)
        {
            Assert.Equal("2.4.3", emulator.Profile.Application);
            Assert.Equal("emulator", device.Name);
            Assert.True(device.IsEmulator);
            Assert.Equal(emulator.BaseAddress, device.Address);
        }
    }

    [Fact]
    public async Task UnknownEmulatorFirmware_IsAStartUpErrorListingTheProfiles()
    {
        var e = await Assert.ThrowsAsync<ConfigurationException>(() =>
            EmbeddedEmulator.StartAsync("9.9", NullLoggerFactory.Instance, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("--emulator-firmware", e.Message, StringComparison.Ordinal);
        Assert.Contains("2.5.1", e.Message, StringComparison.Ordinal);
    }
}
