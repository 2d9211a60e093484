using Microsoft.Extensions.Logging;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Hosting;

namespace NanoKvm.Mcp.Tests.Configuration;

/// <summary><c>--log-level</c> and <c>NANOKVM_MCP_LOG_LEVEL</c> set how much the server writes to stderr.</summary>
public sealed class LogLevelTests
{
    private static Func<string, string?> Env(string? level) =>
        name => name == "NANOKVM_MCP_LOG_LEVEL" ? level : null;

    [Theory]
    [InlineData(new[] { "--emulator", "--log-level", "debug" }, null, LogLevel.Debug)]
    [InlineData(new[] { "--emulator", "--log-level=WARN" }, "trace", LogLevel.Warning)]
    [InlineData(new[] { "--emulator" }, "error", LogLevel.Error)]
    [InlineData(new[] { "--emulator" }, "none", LogLevel.None)]
    [InlineData(new[] { "--emulator" }, null, null)]
    public void CommandLine_WinsOverTheEnvironment(string[] args, string? environment, LogLevel? expected)
    {
        var settings = SettingsLoader.Load(CommandLineParser.Parse(args), Env(environment), args);

        Assert.Equal(expected, settings.LogLevel);
    }

    [Theory]
    [InlineData(new[] { "--emulator", "--log-level", "loud" }, null, "--log-level")]
    [InlineData(new[] { "--emulator" }, "verbose", "NANOKVM_MCP_LOG_LEVEL")]
    public void UnknownLevel_StopsStartUp_NamingWhereItCameFrom(string[] args, string? environment, string source)
    {
        var e = Assert.Throws<ConfigurationException>(() => SettingsLoader.Load(CommandLineParser.Parse(args), Env(environment), args));

        Assert.Contains(source, e.Message, StringComparison.Ordinal);
        Assert.Contains("trace, debug, information", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogLevel_WithoutAValue_IsRejected() =>
        Assert.Throws<ConfigurationException>(() => CommandLineParser.Parse(["--emulator", "--log-level"]));

    [Theory]
    // level, one-shot, this server's Debug / Information / Warning on, MCP SDK Information / Debug on
    [InlineData(null, false, false, true, true, false, false)]
    [InlineData(null, true, false, false, true, false, false)]
    [InlineData(LogLevel.Debug, false, true, true, true, true, true)]
    [InlineData(LogLevel.Trace, true, true, true, true, true, true)]
    [InlineData(LogLevel.Information, true, false, true, true, false, false)]
    [InlineData(LogLevel.Error, false, false, false, false, false, false)]
    [InlineData(LogLevel.None, false, false, false, false, false, false)]
    public void Levels_ApplyToThisServer_AndToTheSdkOnlyWhenDebugging(
        LogLevel? level, bool oneShot, bool ownDebug, bool ownInformation, bool ownWarning, bool sdkInformation, bool sdkDebug)
    {
        using var factory = LoggerFactory.Create(logging =>
        {
            ServerLogging.ApplyLevels(logging, level, oneShot);
            logging.AddProvider(new NullProvider());
        });
        var own = factory.CreateLogger("NanoKvm.Mcp.Tools");
        var sdk = factory.CreateLogger("ModelContextProtocol.Server.McpServer");

        Assert.Equal(ownDebug, own.IsEnabled(LogLevel.Debug));
        Assert.Equal(ownInformation, own.IsEnabled(LogLevel.Information));
        Assert.Equal(ownWarning, own.IsEnabled(LogLevel.Warning));
        Assert.Equal(sdkInformation, sdk.IsEnabled(LogLevel.Information));
        Assert.Equal(sdkDebug, sdk.IsEnabled(LogLevel.Debug));
    }

    /// <summary>A provider whose loggers accept every level, so IsEnabled reflects the filters alone.</summary>
    private sealed class NullProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
