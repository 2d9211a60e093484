using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Tests.Configuration;

public sealed class DevicesFileTests
{
    private static readonly Func<string, string?> Env = name => name switch
    {
        "LAB1_PASS" => "s3cret",
        _ => null,
    };

    [Fact]
    public void ReadsNamedDevices_WithPasswordsFromTheEnvironment()
    {
        const string Json = """
            { // comments are allowed
              "default": "lab2",
              "devices": {
                "lab1": { "address": "http://10.0.0.5", "username": "ops", "passwordEnv": "LAB1_PASS", "screenWidth": 1024, "screenHeight": 768 },
                "lab2": { "address": "kvm2.lan", "https": true, "insecure": true, "timeoutSeconds": 30 },
              }
            }
            """;

        var contents = DevicesFile.Parse(Json, "lab.json", Env);

        Assert.Equal("lab2", contents.DefaultDevice);
        var lab1 = contents.Devices[0];
        Assert.Equal("lab1", lab1.Name);
        Assert.Equal(new Uri("http://10.0.0.5/"), lab1.Address);
        Assert.Equal("ops", lab1.Username);
        Assert.Equal("s3cret", lab1.Password);
        Assert.Equal(new ScreenSize(1024, 768), lab1.FallbackScreenSize);
        var lab2 = contents.Devices[1];
        Assert.Equal(new Uri("https://kvm2.lan/"), lab2.Address);
        Assert.True(lab2.AcceptSelfSignedCertificate);
        Assert.Equal(TimeSpan.FromSeconds(30), lab2.RequestTimeout);
        Assert.Equal("admin", lab2.Password);
    }

    [Theory]
    [InlineData("""{"devices":{"a":{"address":"http://x","pasword":"y"}}}""", "devices.a: unknown field \"pasword\"")]
    [InlineData("""{"devices":{"a":{"address":"http://x","password":"y"}}}""", "devices.a.password: passwords are not stored")]
    [InlineData("""{"devices":{"a":{"address":"http://x","passwordEnv":"MISSING_PASS"}}}""", "environment variable MISSING_PASS is not set")]
    [InlineData("""{"devices":{"a":{"username":"x"}}}""", "devices.a.address is required")]
    [InlineData("""{"devices":{"a":{"address":42}}}""", "devices.a.address must be a string")]
    [InlineData("""{"devices":{"a":{"address":"http://x","insecure":"yes"}}}""", "devices.a.insecure must be true or false")]
    [InlineData("""{"devices":{"a":{"address":"http://x","screenWidth":800}}}""", "give both screenWidth and screenHeight")]
    [InlineData("""{"devices":{"a":{"address":"http://x","screenWidth":5,"screenHeight":5}}}""", "devices.a.screenWidth must be a whole number")]
    [InlineData("""{"devices":{"bad name":{"address":"http://x"}}}""", "device name 'bad name' is not allowed")]
    [InlineData("""{"devices":{}}""", "\"devices\" is empty")]
    [InlineData("""{"device":{}}""", "unknown field \"device\" at the top level")]
    [InlineData("""{"default":"b","devices":{"a":{"address":"http://x"}}}""", "\"default\" names 'b'")]
    [InlineData("""{"devices":""", "is not valid JSON")]
    public void InvalidFiles_StopStartUp_NamingTheField(string json, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => DevicesFile.Parse(json, "lab.json", Env));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("lab.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_CombinesTheFileWithTheHostDevice_AndRejectsDuplicateNames()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nanokvm-devices-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"devices":{"lab1":{"address":"http://10.0.0.5"},"default":{"address":"http://10.0.0.6"}}}""");
        try
        {
            var e = Assert.Throws<ConfigurationException>(() =>
                SettingsLoader.Load(new CommandLineOptions { DevicesFile = path, Host = "10.0.0.7" }, _ => null));
            Assert.Contains("'default' is used twice", e.Message, StringComparison.Ordinal);

            File.WriteAllText(path, """{"devices":{"lab1":{"address":"http://10.0.0.5"},"lab2":{"address":"http://10.0.0.6"}}}""");
            var noDefault = Assert.Throws<ConfigurationException>(() =>
                SettingsLoader.Load(new CommandLineOptions { DevicesFile = path }, _ => null));
            Assert.Contains("pass --device NAME", noDefault.Message, StringComparison.Ordinal);

            var settings = SettingsLoader.Load(new CommandLineOptions { DevicesFile = path, Device = "LAB2" }, _ => null);
            Assert.Equal("lab2", settings.DefaultDevice);
            Assert.Equal(["lab1", "lab2"], settings.Devices.Select(d => d.Name));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFile_IsAStartUpError_NamingThePath()
    {
        var e = Assert.Throws<ConfigurationException>(() =>
            SettingsLoader.Load(new CommandLineOptions { DevicesFile = "/nonexistent/devices.json" }, _ => null));

        Assert.Contains("/nonexistent/devices.json", e.Message, StringComparison.Ordinal);
    }
}
