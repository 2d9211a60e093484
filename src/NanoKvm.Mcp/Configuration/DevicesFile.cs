using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NanoKvm.Mcp.Configuration;

/// <summary>
/// Reads a devices file: several named NanoKVMs, each password taken from an environment variable named in the
/// file so that no secret sits in it. Validation is strict: an unknown or mistyped field stops start-up with a
/// message naming it.
/// </summary>
/// <example>
/// <code>
/// { "default": "lab1",
///   "devices": { "lab1": { "address": "http://10.0.0.5", "username": "admin", "passwordEnv": "LAB1_PASS" } } }
/// </code>
/// </example>
internal static partial class DevicesFile
{
    private static readonly string[] DeviceFields =
        ["address", "https", "username", "passwordEnv", "insecure", "certSha256", "screenWidth", "screenHeight", "timeoutSeconds"];

    /// <summary>The devices and the optional default name.</summary>
    public sealed record Contents(IReadOnlyList<DeviceDefinition> Devices, string? DefaultDevice);

    public static Contents Load(string path, Func<string, string?> environment)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException($"Cannot read devices file '{path}': {e.Message}", e);
        }

        return Parse(json, path, environment);
    }

    public static Contents Parse(string json, string path, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var where = $"devices file '{path}'";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{where} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException($"{where}: the top level must be an object with a \"devices\" object.");
            }

            string? defaultDevice = null;
            JsonElement? devicesElement = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "devices":
                        devicesElement = property.Value;
                        break;
                    case "default":
                        defaultDevice = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()
                            : throw new ConfigurationException($"{where}: \"default\" must be a device name (string).");
                        break;
                    case "$schema":
                        break;
                    default:
                        throw new ConfigurationException($"{where}: unknown field \"{property.Name}\" at the top level (expected \"devices\", \"default\").");
                }
            }

            if (devicesElement is not { ValueKind: JsonValueKind.Object } devices)
            {
                throw new ConfigurationException($"{where}: \"devices\" is required and must be an object of named devices.");
            }

            var list = new List<DeviceDefinition>();
            foreach (var device in devices.EnumerateObject())
            {
                list.Add(ParseDevice(device.Name, device.Value, where, environment));
            }

            if (list.Count == 0)
            {
                throw new ConfigurationException($"{where}: \"devices\" is empty.");
            }

            if (defaultDevice is not null && !list.Exists(d => string.Equals(d.Name, defaultDevice, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ConfigurationException(
                    $"{where}: \"default\" names '{defaultDevice}', which is not one of its devices ({string.Join(", ", list.Select(d => d.Name))}).");
            }

            return new Contents(list, defaultDevice);
        }
    }

    public static void ValidateName(string name, string where)
    {
        if (!DeviceNamePattern().IsMatch(name))
        {
            throw new ConfigurationException(
                $"{where}: device name '{name}' is not allowed; use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }
    }

    private static DeviceDefinition ParseDevice(string name, JsonElement element, string where, Func<string, string?> environment)
    {
        ValidateName(name, where);
        var at = $"{where}: devices.{name}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException($"{at} must be an object with at least \"address\".");
        }

        string? address = null, username = null, passwordEnv = null, certSha256 = null;
        bool https = false, insecure = false;
        int? width = null, height = null, timeoutSeconds = null;
        foreach (var property in element.EnumerateObject())
        {
            var field = $"{at}.{property.Name}";
            switch (property.Name)
            {
                case "address":
                    address = String(property.Value, field);
                    break;
                case "https":
                    https = Bool(property.Value, field);
                    break;
                case "username":
                    username = String(property.Value, field);
                    break;
                case "passwordEnv":
                    passwordEnv = String(property.Value, field);
                    break;
                case "insecure":
                    insecure = Bool(property.Value, field);
                    break;
                case "certSha256":
                    certSha256 = String(property.Value, field);
                    break;
                case "screenWidth":
                    width = Dimension(property.Value, field);
                    break;
                case "screenHeight":
                    height = Dimension(property.Value, field);
                    break;
                case "timeoutSeconds":
                    timeoutSeconds = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var t) && t is >= 1 and <= 300
                        ? t
                        : throw new ConfigurationException($"{field} must be a whole number of seconds between 1 and 300.");
                    break;
                case "password":
                    throw new ConfigurationException(
                        $"{field}: passwords are not stored in the devices file; put the password in an environment variable and name it in \"passwordEnv\".");
                default:
                    throw new ConfigurationException($"{at}: unknown field \"{property.Name}\" (expected one of {string.Join(", ", DeviceFields)}).");
            }
        }

        if (address is null)
        {
            throw new ConfigurationException($"{at}.address is required, e.g. \"http://10.0.0.5\".");
        }

        string password = "admin";
        if (passwordEnv is not null)
        {
            if (!EnvironmentNamePattern().IsMatch(passwordEnv))
            {
                throw new ConfigurationException($"{at}.passwordEnv '{passwordEnv}' is not an environment variable name.");
            }

            password = environment(passwordEnv)
                ?? throw new ConfigurationException($"{at}.passwordEnv: environment variable {passwordEnv} is not set.");
        }

        if ((width is null) != (height is null))
        {
            throw new ConfigurationException($"{at}: give both screenWidth and screenHeight, or neither.");
        }

        if (certSha256 is not null)
        {
            ValidateFingerprint(certSha256, $"{at}.certSha256");
        }

        return new DeviceDefinition
        {
            Name = name,
            Address = DeviceAddress.Parse(address, https, $"{at}.address"),
            Username = string.IsNullOrEmpty(username) ? "admin" : username,
            Password = password,
            AcceptSelfSignedCertificate = insecure,
            CertificateSha256 = certSha256,
            RequestTimeout = timeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            FallbackScreenSize = width is { } w && height is { } h ? new ScreenSize(w, h) : null,
            Source = where,
        };
    }

    public static void ValidateFingerprint(string value, string field)
    {
        var hex = value.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ConfigurationException($"{field} must be a SHA-256 fingerprint: 64 hex digits, optionally separated by ':'.");
        }
    }

    private static string String(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ConfigurationException($"{field} must be a string.");

    private static bool Bool(JsonElement value, string field) =>
        value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigurationException($"{field} must be true or false."),
        };

    private static int Dimension(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 16 and <= 8192
            ? n
            : throw new ConfigurationException($"{field} must be a whole number of pixels between 16 and 8192 (got {value.GetRawText()}).");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DeviceNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentNamePattern();

    internal static int ParseDimension(string text, string field) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 16 and <= 8192
            ? n
            : throw new ConfigurationException($"{field} must be a whole number of pixels between 16 and 8192 (got '{text}').");
}
