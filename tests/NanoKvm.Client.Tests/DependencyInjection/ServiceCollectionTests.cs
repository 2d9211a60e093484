using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Tests.Logging;
using NanoKvm.Emulator;

namespace NanoKvm.Client.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddNanoKvmClient_RegistersOneConfiguredSingleton()
    {
        await using var kvm = await StartEmulatorAsync();
        var services = new ServiceCollection();
        services.AddNanoKvmClient(o => o.Address = kvm.BaseAddress);
        services.AddNanoKvmClient(o => o.RequestTimeout = TimeSpan.FromSeconds(7));

        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<NanoKvmClient>();

        Assert.Same(client, provider.GetRequiredService<NanoKvmClient>());
        Assert.Equal(1, services.Count(d => d.ServiceType == typeof(NanoKvmClient)));
        Assert.Equal(kvm.BaseAddress, client.Address);
        Assert.Equal(TimeSpan.FromSeconds(7), client.Options.RequestTimeout);
        Assert.Equal(kvm.Profile.Application, (await client.Device.GetInfoAsync(Ct)).Application);
    }

    [Fact]
    public async Task NamedClients_AreKeyedSingletons_ReachableThroughTheFactory()
    {
        await using var rack1 = await StartEmulatorAsync();
        await using var rack2 = await StartEmulatorAsync(e => e.Hardware = "PCIE");
        var services = new ServiceCollection();
        services.AddNanoKvmClient("rack-1", o => o.Address = rack1.BaseAddress);
        services.AddNanoKvmClient("rack-2", o => o.Address = rack2.BaseAddress);
        services.AddNanoKvmClient("rack-2", o => o.Address = rack2.BaseAddress);
        services.AddSingleton<RackOperator>();

        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<NanoKvmClientFactory>();
        var first = factory.GetClient("rack-1");
        var second = provider.GetRequiredKeyedService<NanoKvmClient>("rack-2");

        Assert.Same(first, provider.GetRequiredKeyedService<NanoKvmClient>("rack-1"));
        Assert.Same(second, factory.GetClient("rack-2"));
        Assert.Same(second, provider.GetRequiredService<RackOperator>().Client);
        Assert.NotSame(first, second);
        Assert.Equal(1, services.Count(d => d.ServiceType == typeof(NanoKvmClient) && Equals(d.ServiceKey, "rack-2")));
        Assert.Equal(NanoKvm.Client.Device.HardwareVersion.Beta, (await first.Device.GetHardwareAsync(Ct)).Version);
        Assert.Equal(NanoKvm.Client.Device.HardwareVersion.Pcie, (await second.Device.GetHardwareAsync(Ct)).Version);
        Assert.Throws<ArgumentException>(() => factory.GetClient("rack-3"));
    }

    [Fact]
    public async Task TheContainersLoggerFactory_IsUsed_WhenTheOptionsSetNone()
    {
        await using var kvm = await StartEmulatorAsync();
        var sink = new CollectingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        services.AddNanoKvmClient("lab", o => o.Address = kvm.BaseAddress);

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredKeyedService<NanoKvmClient>("lab").LoginAsync(Ct);

        Assert.Contains(sink.Entries, e => e.Message.Contains("Logged in", StringComparison.Ordinal));
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>(() => services.AddNanoKvmClient((Action<NanoKvmClientOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddNanoKvmClient((Microsoft.Extensions.Configuration.IConfiguration)null!));
        Assert.Throws<ArgumentException>(() => services.AddNanoKvmClient(" ", _ => { }));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddNanoKvmClient(_ => { }));
    }

    private static Task<NanoKvmEmulator> StartEmulatorAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { FailedLoginDelay = TimeSpan.Zero, TimeScale = 0.01 };
        configure?.Invoke(options);
        return NanoKvmEmulator.StartAsync(options, Ct);
    }

    private sealed class RackOperator([FromKeyedServices("rack-2")] NanoKvmClient client)
    {
        public NanoKvmClient Client { get; } = client;
    }
}
