using Microsoft.Extensions.Logging;

namespace NanoKvm.Mcp.Hosting;

/// <summary>Where the server logs (stderr only) and how much (<c>--log-level</c> / <c>NANOKVM_MCP_LOG_LEVEL</c>).</summary>
internal static class ServerLogging
{
    /// <summary>Sends every log line to stderr, at the configured level.</summary>
    /// <param name="logging">The logging builder.</param>
    /// <param name="level">The configured level, or null for the default.</param>
    /// <param name="oneShot">One-shot mode, whose default is quieter (its stderr is read by a person).</param>
    public static void Configure(ILoggingBuilder logging, LogLevel? level, bool oneShot)
    {
        // stdout carries the MCP protocol (or the one-shot result): every log line goes to stderr.
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        ApplyLevels(logging, level, oneShot);
    }

    /// <summary>
    /// The level rules: <paramref name="level"/> for this server's own categories (default Information, Warning in
    /// one-shot mode); the MCP SDK and ASP.NET/hosting categories stay at Warning unless Debug or Trace was asked
    /// for (their Information lines are per-request noise), and follow any level above Warning.
    /// </summary>
    public static void ApplyLevels(ILoggingBuilder logging, LogLevel? level, bool oneShot)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var own = level ?? (oneShot ? LogLevel.Warning : LogLevel.Information);
        var libraries = own <= LogLevel.Debug ? own : (LogLevel)Math.Max((int)own, (int)LogLevel.Warning);
        logging.SetMinimumLevel(own);
        logging.AddFilter("ModelContextProtocol", libraries);
        logging.AddFilter("Microsoft", libraries);
    }
}
