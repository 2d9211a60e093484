using System.Globalization;
using System.Net;
using NanoKvm.Mcp.Authentication;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Http;

/// <summary>
/// Reads the HTTP switches from the command line and the environment (the command line wins). The host's parser
/// skips what <see cref="IsHttpArgument"/> claims, as it does for the safety switches.
/// </summary>
internal static class HttpOptionsParser
{
    public const string HttpOption = "--http";
    public const string KeysOption = "--http-keys";
    public const string AddKeyOption = "--http-add-key";
    public const string AllowOriginOption = "--http-allow-origin";
    public const string AllowHostOption = "--http-allow-host";
    public const string MaxBodyOption = "--http-max-body";
    public const string TlsCertOption = "--tls-cert";
    public const string TlsKeyOption = "--tls-key";
    public const string LeaseIdleOption = "--lease-idle";

    public const string HttpVariable = "NANOKVM_MCP_HTTP";
    public const string KeysVariable = "NANOKVM_MCP_KEYS";
    public const string ApiKeyVariable = "NANOKVM_MCP_API_KEY";
    public const string AllowOriginsVariable = "NANOKVM_MCP_ALLOWED_ORIGINS";
    public const string AllowHostsVariable = "NANOKVM_MCP_ALLOWED_HOSTS";
    public const string MaxBodyVariable = "NANOKVM_MCP_MAX_BODY";
    public const string TlsCertVariable = "NANOKVM_MCP_TLS_CERT";
    public const string TlsKeyVariable = "NANOKVM_MCP_TLS_KEY";
    public const string TlsPasswordVariable = "NANOKVM_MCP_TLS_PASSWORD";
    public const string LeaseIdleVariable = "NANOKVM_MCP_LEASE_IDLE";

    /// <summary>The name the <c>NANOKVM_MCP_API_KEY</c> key is known by.</summary>
    public const string EnvironmentKeyName = "default";

    private static readonly string[] ValueOptions =
        [HttpOption, KeysOption, AddKeyOption, AllowOriginOption, AllowHostOption, MaxBodyOption, TlsCertOption, TlsKeyOption, LeaseIdleOption];

    public const string Usage = """
        HTTP (one server for many agents; "HTTP mode" in the server docs linked below):
          --http [ADDR:]PORT     Serve Streamable HTTP at /mcp (binds 127.0.0.1 unless ADDR is given). NANOKVM_MCP_HTTP.
          --http-keys FILE       Keys file of salted key hashes (default ~/.config/nanokvm-mcp/keys.json). A first
                                 start with no key generates one named "default" and prints it once to stderr.
                                 NANOKVM_MCP_API_KEY adds one key, named "default".
          --http-add-key NAME    Generate a key named NAME, store its hash in the keys file, print it, exit.
          --http-allow-origin O  Browser origin allowed to call (repeatable); requests with another Origin get 403.
          --http-allow-host H    Host name clients use to reach the server, besides loopback and the bound address.
          --http-max-body BYTES  Largest request body (default 1048576).
          --tls-cert FILE        Serve HTTPS: a PEM certificate (with --tls-key) or a PFX file
                                 (password in NANOKVM_MCP_TLS_PASSWORD).
          --tls-key FILE         PEM private key of --tls-cert.
          --lease-idle SECONDS   A client's hold on a device's input ends this long after its last input (default 60).
        """;

    public static bool IsHttpArgument(IReadOnlyList<string> args, int index, out int consumed)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (name, inlineValue) = Split(args[index]);
        consumed = inlineValue is null && index + 1 < args.Count ? 2 : 1;
        return ValueOptions.Contains(name, StringComparer.Ordinal);
    }

    /// <summary>The name given to <c>--http-add-key</c>, or null.</summary>
    public static string? AddKeyName(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Values(args, AddKeyOption).LastOrDefault();
    }

    /// <summary>The keys file named by <c>--http-keys</c> / <c>NANOKVM_MCP_KEYS</c>, else the default path.</summary>
    public static string KeysFilePath(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        return Values(args, KeysOption).LastOrDefault()
            ?? (environment(KeysVariable) is { Length: > 0 } file ? file : KeysFile.DefaultPath(environment));
    }

    /// <summary>The HTTP options, or null when neither <c>--http</c> nor <c>NANOKVM_MCP_HTTP</c> asks for HTTP.</summary>
    /// <exception cref="ConfigurationException">A switch has a bad value.</exception>
    public static HttpOptions? Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;
        string? Last(string option, string variable) => Values(args, option).LastOrDefault() ?? Env(variable);

        var listen = Last(HttpOption, HttpVariable);
        var keysFile = KeysFilePath(args, environment);
        if (listen is null)
        {
            var stray = new[] { AllowOriginOption, AllowHostOption, MaxBodyOption, TlsCertOption, TlsKeyOption, LeaseIdleOption }
                .FirstOrDefault(o => Values(args, o).Any());
            return stray is null ? null : throw new ConfigurationException($"{stray} only applies to HTTP mode; add --http [ADDRESS:]PORT.");
        }

        var (address, port) = ParseListen(listen);
        var cert = Last(TlsCertOption, TlsCertVariable);
        var key = Last(TlsKeyOption, TlsKeyVariable);
        if (key is not null && cert is null)
        {
            throw new ConfigurationException($"{TlsKeyOption} needs {TlsCertOption} (the certificate it belongs to).");
        }

        return new HttpOptions
        {
            Address = address,
            Port = port,
            KeysFile = keysFile,
            EnvironmentKey = Env(ApiKeyVariable),
            AllowedOrigins = [.. Values(args, AllowOriginOption).Concat(List(Env(AllowOriginsVariable))).Select(NormaliseOrigin)],
            AllowedHosts = [.. Values(args, AllowHostOption).Concat(List(Env(AllowHostsVariable)))],
            TlsCertificateFile = cert,
            TlsKeyFile = key,
            TlsPassword = environment(TlsPasswordVariable),
            MaxRequestBodyBytes = Positive(Last(MaxBodyOption, MaxBodyVariable), MaxBodyOption, 1024 * 1024),
            LeaseIdleTimeout = TimeSpan.FromSeconds(Positive(Last(LeaseIdleOption, LeaseIdleVariable), LeaseIdleOption, 60)),
        };
    }

    /// <summary><c>8080</c>, <c>0.0.0.0:8080</c>, <c>[::]:8080</c>, <c>localhost:8080</c>.</summary>
    public static (IPAddress Address, int Port) ParseListen(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string host = string.Empty;
        var portText = value;
        var colon = value.LastIndexOf(':');
        if (colon >= 0)
        {
            host = value[..colon].Trim('[', ']');
            portText = value[(colon + 1)..];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ConfigurationException($"{HttpOption} {value}: expected [ADDRESS:]PORT with a port from 0 to 65535, e.g. 8765 or 0.0.0.0:8765.");
        }

        if (host.Length == 0 || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return (IPAddress.Loopback, port);
        }

        if (host == "*")
        {
            return (IPAddress.Any, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? (address, port)
            : throw new ConfigurationException($"{HttpOption} {value}: '{host}' is not an IP address; bind an address (0.0.0.0 for all) and name the host with {AllowHostOption}.");
    }

    private static string NormaliseOrigin(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.PathAndQuery != "/")
        {
            throw new ConfigurationException($"{AllowOriginOption} {origin}: expected an origin such as http://localhost:6274 (scheme, host and optional port, no path).");
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }

    private static long Positive(string? text, string name, long fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ConfigurationException($"{name} {text}: expected a positive whole number.");
    }

    private static string[] List(string? commaSeparated) =>
        commaSeparated?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static IEnumerable<string> Values(IReadOnlyList<string> args, string option)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            if (name != option)
            {
                continue;
            }

            if (inlineValue is { Length: > 0 })
            {
                yield return inlineValue;
            }
            else if (inlineValue is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                yield return args[++i];
            }
            else
            {
                throw new ConfigurationException($"Option {option} needs a value; try --help.");
            }
        }
    }

    private static (string Name, string? Value) Split(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }
}
