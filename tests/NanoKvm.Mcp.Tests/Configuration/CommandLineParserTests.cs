using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Tests.Configuration;

public sealed class CommandLineParserTests
{
    [Fact]
    public void Parses_EveryOption_InBothForms()
    {
        var options = CommandLineParser.Parse([
            "--host", "10.0.0.5", "--user=ops", "--https", "--insecure", "--devices", "d.json", "--device=lab1",
            "--emulator", "--emulator-firmware", "2.4.x", "--policy", "p.json", "--read-only", "--audit=stderr",
            "--call", "nanokvm_screenshot", "--args", "{\"quality\":50}", "--out", "s.jpg",
        ]);

        Assert.Equal("10.0.0.5", options.Host);
        Assert.Equal("ops", options.User);
        Assert.True(options.Https);
        Assert.True(options.Insecure);
        Assert.Equal("d.json", options.DevicesFile);
        Assert.Equal("lab1", options.Device);
        Assert.True(options.Emulator);
        Assert.Equal("2.4.x", options.EmulatorFirmware);
        Assert.Equal("nanokvm_screenshot", options.Call);
        Assert.Equal("{\"quality\":50}", options.Args);
        Assert.Equal("s.jpg", options.Out);
    }

    [Theory]
    [InlineData("--password")]
    [InlineData("--pass")]
    public void RefusesPasswords_OnTheCommandLine(string option)
    {
        var e = Assert.Throws<ConfigurationException>(() => CommandLineParser.Parse([option, "secret"]));

        Assert.Contains("NANOKVM_PASS", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unknown option '--bogus'")]
    [InlineData(new[] { "--host" }, "--host needs a value")]
    [InlineData(new[] { "--host", "--emulator" }, "--host needs a value")]
    [InlineData(new[] { "--emulator=yes" }, "--emulator takes no value")]
    [InlineData(new[] { "--emulator", "--out", "x.jpg" }, "add --call")]
    public void ReportsMistakes_NamingTheOption(string[] args, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => CommandLineParser.Parse(args));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
