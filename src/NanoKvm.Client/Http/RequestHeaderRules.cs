namespace NanoKvm.Client.Http;

/// <summary>Which extra headers <see cref="NanoKvmClientOptions.RequestHeaders"/> may carry.</summary>
internal static class RequestHeaderRules
{
    // The client sets these itself; a second value would break the session, the firmware's Origin check or the
    // WebSocket upgrade.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Cookie", "Host", "Origin", "Connection", "Upgrade", "Content-Length", "Content-Type", "Transfer-Encoding",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions",
    };

    public static void Check(string name, string value)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
        {
            throw new ArgumentException($"NanoKvmClientOptions.RequestHeaders: '{name}' is not a valid header name.", nameof(name));
        }

        if (Reserved.Contains(name))
        {
            throw new ArgumentException($"NanoKvmClientOptions.RequestHeaders: {name} is set by the client itself and cannot be overridden.", nameof(name));
        }

        if (value is null || value.Any(c => c is '\r' or '\n'))
        {
            throw new ArgumentException($"NanoKvmClientOptions.RequestHeaders: the value of {name} must be one line of text.", nameof(name));
        }
    }
}
