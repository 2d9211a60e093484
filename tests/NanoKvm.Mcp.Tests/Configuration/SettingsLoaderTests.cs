using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Tests.Configuration;

public sealed class SettingsLoaderTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void ReferenceEnvironmentVariables_DescribeTheDefaultDevice()
    {
        var settings = SettingsLoader.Load(new CommandLineOptions(), Env(
            ("NANOKVM_HOST", "kvm.lan"), ("NANOKVM_USER", "ops"), ("NANOKVM_PASS", "pw"), ("NANOKVM_HTTPS", "true"),
            ("NANOKVM_VERIFY_SSL", "false"), ("NANOKVM_SCREEN_WIDTH", "1280"), ("NANOKVM_SCREEN_HEIGHT", "720")));

        var device = Assert.Single(settings.Devices);
        Assert.Equal("default", device.Name);
        Assert.Equal(new Uri("https://kvm.lan/"), device.Address);
        Assert.Equal("ops", device.Username);
        Assert.Equal("pw", device.Password);
        Assert.True(device.AcceptSelfSignedCertificate);
        Assert.Equal(new ScreenSize(1280, 720), device.FallbackScreenSize);
        Assert.Equal("default", settings.DefaultDevice);
    }

    [Fact]
    public void CommandLine_WinsOverEnvironment_AndDefaultsAreTheReferenceOnes()
    {
        var settings = SettingsLoader.Load(new CommandLineOptions { Host = "http://10.0.0.9:8080" }, Env(("NANOKVM_HOST", "10.0.0.5")));

        var device = Assert.Single(settings.Devices);
        Assert.Equal(new Uri("http://10.0.0.9:8080/"), device.Address);
        Assert.Equal("admin", device.Username);
        Assert.Equal("admin", device.Password);
        Assert.False(device.AcceptSelfSignedCertificate);
        Assert.Null(device.FallbackScreenSize);
    }

    [Fact]
    public void CertificateFingerprint_IsValidatedAndPassedOn()
    {
        var fingerprint = string.Join(':', Enumerable.Repeat("AB", 32));
        var settings = SettingsLoader.Load(new CommandLineOptions { Host = "https://kvm" }, Env(("NANOKVM_CERT_SHA256", fingerprint)));
        Assert.Equal(fingerprint, settings.Devices[0].CertificateSha256);

        var e = Assert.Throws<ConfigurationException>(() =>
            SettingsLoader.Load(new CommandLineOptions { Host = "https://kvm" }, Env(("NANOKVM_CERT_SHA256", "abc"))));
        Assert.Contains("NANOKVM_CERT_SHA256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Emulator_IsTheDefaultDevice_EvenBesideAHost()
    {
        var settings = SettingsLoader.Load(new CommandLineOptions { Emulator = true }, Env(("NANOKVM_HOST", "10.0.0.5")));

        Assert.True(settings.UseEmulator);
        Assert.Equal("emulator", settings.DefaultDevice);
        Assert.Equal("default", Assert.Single(settings.Devices).Name);
    }

    [Theory]
    [InlineData("NANOKVM_HTTPS", "maybe", "NANOKVM_HTTPS must be true or false")]
    [InlineData("NANOKVM_VERIFY_SSL", "2", "NANOKVM_VERIFY_SSL must be true or false")]
    [InlineData("NANOKVM_SCREEN_WIDTH", "1920", "Set both NANOKVM_SCREEN_WIDTH and NANOKVM_SCREEN_HEIGHT")]
    [InlineData("NANOKVM_HOST", "http://kvm/api", "must be the device's root address")]
    [InlineData("NANOKVM_HOST", "ftp://kvm", "is not a device address")]
    public void BadEnvironment_StopsStartUp_NamingTheVariable(string name, string value, string expected)
    {
        var env = name == "NANOKVM_HOST" ? Env((name, value)) : Env(("NANOKVM_HOST", "kvm"), (name, value));

        var e = Assert.Throws<ConfigurationException>(() => SettingsLoader.Load(new CommandLineOptions(), env));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDevice_Explains_HowToConfigureOne()
    {
        var e = Assert.Throws<ConfigurationException>(() => SettingsLoader.Load(new CommandLineOptions(), Env()));

        Assert.Contains("NANOKVM_HOST", e.Message, StringComparison.Ordinal);
        Assert.Contains("--emulator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDefaultDevice_IsAStartUpError_ListingTheDevices()
    {
        var e = Assert.Throws<ConfigurationException>(() =>
            SettingsLoader.Load(new CommandLineOptions { Emulator = true, Device = "lab" }, Env()));

        Assert.Contains("--device names 'lab'", e.Message, StringComparison.Ordinal);
        Assert.Contains("emulator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceOptions_WithoutAHost_AreRejected()
    {
        var e = Assert.Throws<ConfigurationException>(() =>
            SettingsLoader.Load(new CommandLineOptions { Emulator = true, Insecure = true }, Env()));

        Assert.Contains("--host", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneShot_AndSafetyOptions_AreCarried_WithTheDefaultDeviceForAudit()
    {
        string[] args = ["--emulator", "--read-only", "--audit", "stderr", "--call", "nanokvm_info", "--args", "{}", "--out", "x"];

        var settings = SettingsLoader.Load(CommandLineParser.Parse(args), Env(), args);

        Assert.Equal(new OneShotRequest("nanokvm_info", "{}", "x"), settings.OneShot);
        Assert.True(settings.Safety.ReadOnly);
        Assert.Equal("stderr", settings.Safety.AuditTarget);
        Assert.Equal("emulator", settings.Safety.DefaultDevice);
    }

    [Fact]
    public void SafetyOptions_FromTheEnvironment_AndBadOnes_StopStartUp()
    {
        var settings = SettingsLoader.Load(new CommandLineOptions { Emulator = true }, Env(("NANOKVM_MCP_READ_ONLY", "true")));
        Assert.True(settings.Safety.ReadOnly);

        var missing = Assert.Throws<ConfigurationException>(() =>
            SettingsLoader.Load(new CommandLineOptions { Emulator = true }, Env(), ["--policy", "/nonexistent/policy.json"]));
        Assert.Contains("/nonexistent/policy.json", missing.Message, StringComparison.Ordinal);

        var stdout = Assert.Throws<ConfigurationException>(() =>
            SettingsLoader.Load(new CommandLineOptions { Emulator = true }, Env(), ["--audit", "stdout"]));
        Assert.Contains("stdout", stdout.Message, StringComparison.Ordinal);
    }
}
