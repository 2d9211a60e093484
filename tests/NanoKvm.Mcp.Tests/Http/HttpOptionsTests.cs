using System.Net;
using NanoKvm.Mcp.Authentication;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Http;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>The HTTP switches, the keys file and the first-start key.</summary>
public sealed class HttpOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nanokvm-keys-").FullName;

    private string KeysPath => Path.Combine(_directory, "keys.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("8765", "127.0.0.1", 8765)]
    [InlineData("localhost:0", "127.0.0.1", 0)]
    [InlineData("0.0.0.0:8080", "0.0.0.0", 8080)]
    [InlineData("[::1]:9000", "::1", 9000)]
    public void Listen_addresses_default_to_loopback(string value, string address, int port)
    {
        var (parsedAddress, parsedPort) = HttpOptionsParser.ParseListen(value);

        Assert.Equal(IPAddress.Parse(address), parsedAddress);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("kvm.lan:8765", "not an IP address")]
    [InlineData("70000", "0 to 65535")]
    [InlineData("abc", "[ADDRESS:]PORT")]
    public void Bad_listen_addresses_are_start_up_errors(string value, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => HttpOptionsParser.ParseListen(value));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_come_from_the_command_line_before_the_environment()
    {
        var environment = new Dictionary<string, string>
        {
            [HttpOptionsParser.HttpVariable] = "9999",
            [HttpOptionsParser.ApiKeyVariable] = "from-env",
            [HttpOptionsParser.AllowOriginsVariable] = "http://a.example, http://b.example:8080",
            [HttpOptionsParser.LeaseIdleVariable] = "30",
        };

        var options = HttpOptionsParser.Parse(
            ["--http", "0.0.0.0:8765", "--http-keys", KeysPath, "--http-allow-host", "kvm.lab", "--http-max-body=2048"],
            name => environment.GetValueOrDefault(name))!;

        Assert.Equal(IPAddress.Any, options.Address);
        Assert.Equal(8765, options.Port);
        Assert.Equal(KeysPath, options.KeysFile);
        Assert.Equal("from-env", options.EnvironmentKey);
        Assert.Equal(["http://a.example", "http://b.example:8080"], options.AllowedOrigins);
        Assert.Equal(["kvm.lab"], options.AllowedHosts);
        Assert.Equal(2048, options.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LeaseIdleTimeout);
        Assert.True(options.IsReachableFromOtherHosts);
    }

    [Fact]
    public void Without_http_there_are_no_options_and_http_switches_are_refused()
    {
        Assert.Null(HttpOptionsParser.Parse([], _ => null));
        var e = Assert.Throws<ConfigurationException>(() => HttpOptionsParser.Parse(["--tls-cert", "x.pem"], _ => null));
        Assert.Contains("--http", e.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => HttpOptionsParser.Parse(["--http", "1", "--http-allow-origin", "http://x/path"], _ => null));
    }

    [Fact]
    public void A_first_start_generates_a_key_stores_only_its_hash_and_prints_it_once()
    {
        var options = new HttpOptions { KeysFile = KeysPath };
        using var stderr = new StringWriter();

        var store = ApiKeySetup.Load(options, stderr);
        var key = stderr.ToString().Split("API key 'default': ", 2)[1].Trim();
        using var again = new StringWriter();
        var reloaded = ApiKeySetup.Load(options, again);

        Assert.Equal("default", store.Authenticate(key));
        Assert.Equal("default", reloaded.Authenticate(key));
        Assert.Equal(string.Empty, again.ToString());
        Assert.DoesNotContain(key, File.ReadAllText(KeysPath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeysPath));
        }
    }

    [Fact]
    public void Added_keys_and_the_environment_key_each_authenticate_under_their_name()
    {
        using var stdout = new StringWriter();
        Assert.Equal(0, ApiKeySetup.AddKey("alice", KeysPath, stdout, TextWriter.Null));
        var alice = stdout.ToString().Trim();

        var store = ApiKeySetup.Load(new HttpOptions { KeysFile = KeysPath, EnvironmentKey = "env-secret" }, TextWriter.Null);

        Assert.Equal("alice", store.Authenticate(alice));
        Assert.Equal("default", store.Authenticate("env-secret"));
        Assert.Null(store.Authenticate("nkm_other"));
        Assert.Throws<ConfigurationException>(() => ApiKeySetup.AddKey("alice", KeysPath, TextWriter.Null, TextWriter.Null));
        Assert.Throws<ConfigurationException>(() => ApiKeySetup.AddKey("bad name", KeysPath, TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public void A_malformed_keys_file_is_a_start_up_error_naming_the_file()
    {
        File.WriteAllText(KeysPath, """{"keys":[{"name":"x"}]}""");

        var e = Assert.Throws<ConfigurationException>(() => ApiKeySetup.Load(new HttpOptions { KeysFile = KeysPath }, TextWriter.Null));

        Assert.Contains(KeysPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("keys[0]", e.Message, StringComparison.Ordinal);
    }
}
