using NanoKvm.Client;
using NanoKvm.Emulator;

namespace NanoKvm.EmulatorTesting;

/// <summary>
/// Tests of <see cref="InstallerBoot"/> against a virtual NanoKVM: real HTTP and WebSocket on 127.0.0.1, and a
/// virtual computer whose state (power, mounted media, what it received as keystrokes) the test can read.
/// </summary>
public sealed class InstallerBootTests : IAsyncLifetime
{
    private NanoKvmEmulator _kvm = null!;
    private NanoKvmClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        // TimeScale shortens the device's own waits (button presses, USB re-enumeration) so tests stay fast.
        _kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01 }, TestContext.Current.CancellationToken);
        _client = new NanoKvmClient(_kvm.BaseAddress, "admin", "admin");
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _kvm.DisposeAsync();
    }

    [Fact]
    public async Task Run_PowersTheHostOnWithTheIsoMountedAndTypesTheAnswer()
    {
        var iso = (await _client.Media.ListImagesAsync(TestContext.Current.CancellationToken))
            .First(name => name.EndsWith(".iso", StringComparison.OrdinalIgnoreCase));

        await new InstallerBoot(_client).RunAsync(iso, "1\n", TestContext.Current.CancellationToken);

        Assert.True(_kvm.Host.Power.IsOn);
        Assert.EndsWith(iso, await _client.Media.GetMountedImageAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("1\n", _kvm.Host.Keyboard.Transcript);
        Assert.True(_kvm.Host.Keyboard.NothingHeld);
    }

    [Fact]
    public async Task Run_LeavesAHostThatIsAlreadyOnRunning()
    {
        _kvm.Host.Power.SetPower(true);
        var iso = (await _client.Media.ListImagesAsync(TestContext.Current.CancellationToken))
            .First(name => name.EndsWith(".iso", StringComparison.OrdinalIgnoreCase));

        await new InstallerBoot(_client).RunAsync(iso, "2\n", TestContext.Current.CancellationToken);

        Assert.Empty(_kvm.Host.Power.Presses);
        Assert.True(_kvm.Host.Power.IsOn);
    }

    [Fact]
    public async Task Run_ReportsADeviceFailure()
    {
        // Fault injection: the device answers the next mount with HTTP 500, as a busy NanoKVM sometimes does.
        _kvm.Faults.FailNext(1, 500, "/api/storage/image/mount");
        var iso = (await _client.Media.ListImagesAsync(TestContext.Current.CancellationToken))
            .First(name => name.EndsWith(".iso", StringComparison.OrdinalIgnoreCase));

        await Assert.ThrowsAnyAsync<NanoKvmException>(() => new InstallerBoot(_client).RunAsync(iso, "1\n", TestContext.Current.CancellationToken));
        Assert.False(_kvm.Host.Power.IsOn);
    }
}
