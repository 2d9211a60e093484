using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NanoKvm.Client.Hid;
using NanoKvm.Emulator;

namespace NanoKvm.Client.Tests.DependencyInjection;

/// <summary><c>AddNanoKvmClient(IConfiguration)</c>: appsettings.json in, a working client out, bad settings stop start-up.</summary>
public sealed class ConfigurationBindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppSettingsSection_BindsEveryKey_AndTheClientWorks()
    {
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01, Password = "s3cret" }, Ct);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonStream(Json($$"""
            {
              "NanoKvm": {
                "Address": "{{kvm.BaseAddress}}",
                "Username": "admin",
                "Password": "s3cret",
                "RequestTimeout": "00:00:07",
                "ConnectTimeout": "00:00:03",
                "RequestHeaders": { "X-Proxy-Token": "abc" },
                "Hid": { "ReportPace": "00:00:00.005", "DefaultMouseMode": "relative", "ReconnectAttempts": 3 },
                "Video": { "MaxFrameBytes": 4000000 }
              }
            }
            """));
        builder.Services.AddNanoKvmClient(builder.Configuration.GetSection("NanoKvm"));
        using var host = builder.Build();
        await host.StartAsync(Ct);

        var client = host.Services.GetRequiredService<NanoKvmClient>();
        Assert.Equal(kvm.BaseAddress, client.Address);
        Assert.Equal(TimeSpan.FromSeconds(7), client.Options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), client.Options.ConnectTimeout);
        Assert.Equal("abc", client.Options.RequestHeaders["x-proxy-token"]);
        Assert.Equal(TimeSpan.FromMilliseconds(5), client.Options.Hid.ReportPace);
        Assert.Equal(MouseMode.Relative, client.Options.Hid.DefaultMouseMode);
        Assert.Equal(3, client.Options.Hid.ReconnectAttempts);
        Assert.Equal(4_000_000, client.Options.Video.MaxFrameBytes);
        await client.LoginAsync(Ct);
        Assert.True(client.IsAuthenticated);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task MissingAddress_FailsWhenTheHostStarts_NotAtFirstUse()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["NanoKvm:Username"] = "admin" });
        builder.Services.AddNanoKvmClient(builder.Configuration.GetSection("NanoKvm"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        Assert.Contains("Address is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamedClient_BadValue_FailsAtStartWithTheKeyAndTheName()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NanoKvm:Devices:rack-1:Address"] = "http://10.0.0.5",
            ["NanoKvm:Devices:rack-2:Address"] = "ftp://10.0.0.6",
        });
        builder.Services.AddNanoKvmClient("rack-1", builder.Configuration.GetSection("NanoKvm:Devices:rack-1"));
        builder.Services.AddNanoKvmClient("rack-2", builder.Configuration.GetSection("NanoKvm:Devices:rack-2"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        Assert.Contains("'rack-2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://10.0.0.6", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'rack-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedTimeSpan_NamesTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NanoKvm:Address"] = "http://10.0.0.5",
            ["NanoKvm:Hid:ReportPace"] = "fast",
        }).Build();
        var services = new ServiceCollection();
        services.AddNanoKvmClient(configuration.GetSection("NanoKvm"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<NanoKvmClientOptions>>().Value);
        Assert.Contains("NanoKvm:Hid:ReportPace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnedBuilder_TakesFurtherConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Address"] = "http://10.0.0.5" }).Build();
        var services = new ServiceCollection();
        services.AddNanoKvmClient(configuration).Configure(o => o.Password = "from-a-vault");
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<NanoKvmClient>();
        Assert.Equal("from-a-vault", client.Options.Password);
        Assert.Equal(new Uri("http://10.0.0.5"), client.Address);
    }

    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));
}
