using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NanoKvm.Mcp.Configuration;

namespace NanoKvm.Mcp.Authentication;

/// <summary>
/// The keys file: <c>{"keys":[{"name":"alice","salt":"…","hmacSha256":"…"}]}</c> (base64). It holds hashes only, so
/// reading it does not reveal a key; it is still written readable by its owner alone.
/// </summary>
internal static partial class KeysFile
{
    /// <summary>Where the keys file lives when none is named: <c>$XDG_CONFIG_HOME/nanokvm-mcp/keys.json</c>.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "nanokvm-mcp", "keys.json");
    }

    /// <summary>Reads the file; an absent file is an empty list.</summary>
    /// <exception cref="ConfigurationException">The file cannot be read or is malformed.</exception>
    public static IReadOnlyList<ApiKeyEntry> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw Bad(path, "the top level is not a JSON object");
            if (root["keys"] is not JsonArray keys)
            {
                throw Bad(path, "it has no \"keys\" array");
            }

            var entries = new List<ApiKeyEntry>();
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i] is not JsonObject key ||
                    key["name"]?.GetValue<string>() is not { } name ||
                    key["salt"]?.GetValue<string>() is not { } salt ||
                    key["hmacSha256"]?.GetValue<string>() is not { } hash)
                {
                    throw Bad(path, $"keys[{i}] needs \"name\", \"salt\" and \"hmacSha256\" strings");
                }

                if (!IsValidName(name))
                {
                    throw Bad(path, $"keys[{i}].name '{name}' must be 1-64 letters, digits, '.', '_' or '-'");
                }

                entries.Add(new ApiKeyEntry(name, Convert.FromBase64String(salt), Convert.FromBase64String(hash)));
            }

            return entries;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw Bad(path, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Keys file {path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Adds a key's hash to the file (creating it, readable by its owner only).</summary>
    /// <exception cref="ConfigurationException">The name is taken or invalid, or the file cannot be written.</exception>
    public static void Append(string path, ApiKeyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsValidName(entry.Name))
        {
            throw new ConfigurationException($"API key name '{entry.Name}' must be 1-64 letters, digits, '.', '_' or '-'.");
        }

        var existing = Load(path);
        if (existing.Any(e => string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConfigurationException($"Keys file {path} already has a key named '{entry.Name}'; remove it from the file first to replace it.");
        }

        var keys = new JsonArray();
        foreach (var e in existing.Append(entry))
        {
            keys.Add(new JsonObject
            {
                ["name"] = e.Name,
                ["salt"] = Convert.ToBase64String(e.Salt),
                ["hmacSha256"] = Convert.ToBase64String(e.Hash),
            });
        }

        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            var temporary = path + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(new JsonObject { ["keys"] = keys }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Keys file {path} cannot be written: {e.Message}", e);
        }
    }

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    private static ConfigurationException Bad(string path, string problem) =>
        new($"Keys file {path} is malformed: {problem}.");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
