using Microsoft.Extensions.Logging;
using NanoKvm.Mcp.Http;
using NanoKvm.Mcp.Policy;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Configuration;

/// <summary>
/// Merges the command line, the environment and the devices file into <see cref="ServerSettings"/>. The command
/// line wins over the environment; passwords come only from the environment.
/// </summary>
internal static class SettingsLoader
{
    /// <summary>Name of the device given by <c>--host</c> / <c>NANOKVM_HOST</c>.</summary>
    public const string HostDeviceName = "default";

    /// <summary>Name of the in-process emulator added by <c>--emulator</c>.</summary>
    public const string EmulatorDeviceName = "emulator";

    /// <param name="options">The parsed command line.</param>
    /// <param name="environment">Environment lookup.</param>
    /// <param name="args">The raw arguments, for the safety module's own switches; none when null.</param>
    public static ServerSettings Load(CommandLineOptions options, Func<string, string?> environment, IReadOnlyList<string>? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;

        var devices = new List<DeviceDefinition>();
        string? fileDefault = null;
        if ((options.DevicesFile ?? Env(EnvironmentVariables.DevicesFile)) is { } devicesFile)
        {
            var contents = DevicesFile.Load(devicesFile, environment);
            devices.AddRange(contents.Devices);
            fileDefault = contents.DefaultDevice;
        }

        var hostSource = options.Host is not null ? "--host" : EnvironmentVariables.Host;
        if ((options.Host ?? Env(EnvironmentVariables.Host)) is { } host)
        {
            var https = options.Https || EnvBool(Env(EnvironmentVariables.Https), EnvironmentVariables.Https, fallback: false);
            var verify = EnvBool(Env(EnvironmentVariables.VerifySsl), EnvironmentVariables.VerifySsl, fallback: true);
            var fingerprint = options.CertificateSha256 ?? Env(EnvironmentVariables.CertificateSha256);
            if (fingerprint is not null)
            {
                DevicesFile.ValidateFingerprint(fingerprint, options.CertificateSha256 is not null ? "--cert-sha256" : EnvironmentVariables.CertificateSha256);
            }

            devices.Add(new DeviceDefinition
            {
                Name = HostDeviceName,
                Address = DeviceAddress.Parse(host, https, hostSource),
                Username = options.User ?? Env(EnvironmentVariables.User) ?? "admin",
                Password = environment(EnvironmentVariables.Password) ?? "admin",
                AcceptSelfSignedCertificate = options.Insecure || !verify,
                CertificateSha256 = fingerprint,
                FallbackScreenSize = ReadScreenSize(Env),
                Source = hostSource,
            });
        }
        else if (options.User is not null || options.Https || options.Insecure || options.CertificateSha256 is not null)
        {
            throw new ConfigurationException("--user, --https, --insecure and --cert-sha256 describe the --host device; give --host (or NANOKVM_HOST) too.");
        }

        var duplicate = devices.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ConfigurationException(
                $"Device name '{duplicate.Key}' is used twice ({string.Join(" and ", duplicate.Select(d => d.Source))}); " +
                $"the --host / {EnvironmentVariables.Host} device is named '{HostDeviceName}'.");
        }

        if (options.Emulator && devices.Exists(d => string.Equals(d.Name, EmulatorDeviceName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConfigurationException($"--emulator adds a device named '{EmulatorDeviceName}', but the devices file already has one.");
        }

        if (devices.Count == 0 && !options.Emulator)
        {
            throw new ConfigurationException(
                $"No NanoKVM configured. Set {EnvironmentVariables.Host} (and {EnvironmentVariables.Password}), pass --host, " +
                "--devices FILE, or try it without hardware with --emulator.");
        }

        var names = devices.Select(d => d.Name).ToList();
        if (options.Emulator)
        {
            names.Add(EmulatorDeviceName);
        }

        var explicitDefault = options.Device ?? Env(EnvironmentVariables.DefaultDevice);
        string defaultDevice;
        if (explicitDefault is not null)
        {
            defaultDevice = names.Find(n => string.Equals(n, explicitDefault, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigurationException(
                    $"{(options.Device is not null ? "--device" : EnvironmentVariables.DefaultDevice)} names '{explicitDefault}', " +
                    $"which is not a configured device ({string.Join(", ", names)}).");
        }
        else if (options.Emulator)
        {
            defaultDevice = EmulatorDeviceName;
        }
        else if (fileDefault is not null)
        {
            defaultDevice = names.Find(n => string.Equals(n, fileDefault, StringComparison.OrdinalIgnoreCase))!;
        }
        else if (names.Contains(HostDeviceName))
        {
            defaultDevice = HostDeviceName;
        }
        else if (names.Count == 1)
        {
            defaultDevice = names[0];
        }
        else
        {
            throw new ConfigurationException(
                $"Several devices are configured ({string.Join(", ", names)}) and none is the default: pass --device NAME or add \"default\" to the devices file.");
        }

        if (options.EmulatorFirmware is not null && !options.Emulator)
        {
            throw new ConfigurationException("--emulator-firmware only applies with --emulator.");
        }

        return new ServerSettings
        {
            Devices = devices,
            DefaultDevice = defaultDevice,
            UseEmulator = options.Emulator,
            EmulatorFirmware = options.EmulatorFirmware,
            LogLevel = ParseLogLevel(options.LogLevel, "--log-level") ?? ParseLogLevel(Env(EnvironmentVariables.LogLevel), EnvironmentVariables.LogLevel),
            Safety = LoadSafety(args ?? [], environment, defaultDevice),
            Http = HttpOptionsParser.Parse(args ?? [], environment),
            OneShot = options.Call is { } call ? new OneShotRequest(call, options.Args, options.Out) : null,
            Doctor = options.Doctor,
        };
    }

    private static SafetyOptions LoadSafety(IReadOnlyList<string> args, Func<string, string?> environment, string defaultDevice)
    {
        SafetyOptions parsed;
        try
        {
            parsed = SafetyOptionsParser.Parse(args, environment);
        }
        catch (PolicyFormatException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(e.Message.Split(" (Parameter", 2)[0], e);
        }

        // Audit lines and device-scoped limits name the device a call actually used.
        return new SafetyOptions
        {
            Policy = parsed.Policy,
            ReadOnly = parsed.ReadOnly,
            AuditTarget = parsed.AuditTarget,
            AuditFullText = parsed.AuditFullText,
            AuditWriter = parsed.AuditWriter,
            DefaultDevice = defaultDevice,
            DeviceArgument = parsed.DeviceArgument,
            TimeProvider = parsed.TimeProvider,
        };
    }

    private static ScreenSize? ReadScreenSize(Func<string, string?> env)
    {
        var width = env(EnvironmentVariables.ScreenWidth);
        var height = env(EnvironmentVariables.ScreenHeight);
        if (width is null && height is null)
        {
            return null;
        }

        if (width is null || height is null)
        {
            throw new ConfigurationException($"Set both {EnvironmentVariables.ScreenWidth} and {EnvironmentVariables.ScreenHeight}, or neither.");
        }

        return new ScreenSize(
            DevicesFile.ParseDimension(width, EnvironmentVariables.ScreenWidth),
            DevicesFile.ParseDimension(height, EnvironmentVariables.ScreenHeight));
    }

    /// <summary>Reads a log level name (the <see cref="LogLevel"/> names, case-insensitive, plus info and warn).</summary>
    internal static LogLevel? ParseLogLevel(string? value, string source)
    {
        if (value is null)
        {
            return null;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "information" or "info" => LogLevel.Information,
            "warning" or "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" => LogLevel.Critical,
            "none" => LogLevel.None,
            _ => throw new ConfigurationException(
                $"{source} must be trace, debug, information, warning, error, critical or none; got '{value}'."),
        };
    }

    private static bool EnvBool(string? value, string name, bool fallback) =>
        value?.Trim().ToUpperInvariant() switch
        {
            null => fallback,
            "1" or "TRUE" or "YES" or "ON" => true,
            "0" or "FALSE" or "NO" or "OFF" => false,
            _ => throw new ConfigurationException($"{name} must be true or false (got '{value}')."),
        };
}
