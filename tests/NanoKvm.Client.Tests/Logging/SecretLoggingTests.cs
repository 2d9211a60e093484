using Microsoft.Extensions.Logging;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Logging;

public sealed class SecretLoggingTests
{
    private const string Password = "Corr3ct-Horse+Battery/Staple=";
    private const string WrongPassword = "Wr0ng-Guess+Tr0ub4dor";

    [Theory]
    [InlineData("2.5.0")]
    [InlineData("2.5.1")]
    public async Task NoLogEntry_ContainsAPasswordOrToken(string profile)
    {
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var device = await EmulatedDevice.StartAsync(
            FirmwareProfile.Parse(profile),
            e => e.Password = Password,
            c => c.LoggerFactory = loggerFactory);
        var ct = TestContext.Current.CancellationToken;

        await device.Client.LoginAsync(ct);
        await device.Client.Power.PressPowerAsync(cancellationToken: ct);
        device.Emulator.Restart();
        await device.Client.Media.MountAsync("/data/memtest86-usb.img", cancellationToken: ct);
        await using (var wrong = device.NewClient(c =>
        {
            c.Password = WrongPassword;
            c.LoggerFactory = loggerFactory;
        }))
        {
            await Assert.ThrowsAsync<NanoKvmAuthenticationException>(() => wrong.LoginAsync(ct));
        }

        var entries = sink.Entries;
        Assert.Equal(2, device.Emulator.Auth.LoginSuccesses);
        Assert.Contains(entries, e => e.Message.Contains("Logged in", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.Contains("failed", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.Contains("401", StringComparison.Ordinal));
        Assert.All(entries, e =>
        {
            Assert.DoesNotContain(Password, e.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPassword, e.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(Password), e.AllText, StringComparison.Ordinal);

            // Every JWT starts with "eyJ" (base64 of '{"'); the obfuscated password blob starts with "U2FsdGVkX1".
            Assert.DoesNotContain("eyJ", e.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("U2FsdGVkX1", e.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("nano-kvm-token=", e.AllText, StringComparison.Ordinal);
        });
    }
}
