using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Http;

namespace NanoKvm.Mcp.Authentication;

/// <summary>
/// Collects the keys an HTTP server accepts: the keys file, plus <c>NANOKVM_MCP_API_KEY</c> as <c>default</c>. A first
/// start with neither generates a key, stores its hash and prints the key once, so HTTP is never served without one.
/// </summary>
internal static class ApiKeySetup
{
    /// <exception cref="ConfigurationException">The keys file is malformed or cannot be written, or two keys share a name.</exception>
    public static ApiKeyStore Load(HttpOptions options, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stderr);
        var entries = KeysFile.Load(options.KeysFile).ToList();
        if (options.EnvironmentKey is { } environmentKey)
        {
            if (entries.Exists(e => string.Equals(e.Name, HttpOptionsParser.EnvironmentKeyName, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ConfigurationException(
                    $"{HttpOptionsParser.ApiKeyVariable} is named '{HttpOptionsParser.EnvironmentKeyName}', but the keys file {options.KeysFile} already has a key of that name; rename one of them.");
            }

            entries.Add(ApiKeyHasher.Hash(HttpOptionsParser.EnvironmentKeyName, environmentKey));
        }

        if (entries.Count == 0)
        {
            var key = ApiKeyHasher.NewKey();
            var entry = ApiKeyHasher.Hash(HttpOptionsParser.EnvironmentKeyName, key);
            KeysFile.Append(options.KeysFile, entry);
            entries.Add(entry);
            stderr.WriteLine(
                $"nanokvm-mcp: no API key was configured, so one was generated. Its hash is in {options.KeysFile}; the key is shown only now:");
            stderr.WriteLine($"nanokvm-mcp: API key '{entry.Name}': {key}");
        }

        try
        {
            return new ApiKeyStore(entries);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
    }

    /// <summary><c>--http-add-key NAME</c>: generates a key, stores its hash, prints the key to stdout.</summary>
    public static int AddKey(string name, string keysFile, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var key = ApiKeyHasher.NewKey();
        KeysFile.Append(keysFile, ApiKeyHasher.Hash(name, key));
        stderr.WriteLine($"nanokvm-mcp: key '{name}' added to {keysFile}. It is shown only now; give it to the client as 'Authorization: Bearer <key>':");
        stdout.WriteLine(key);
        return 0;
    }
}
