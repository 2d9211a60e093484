using System.Globalization;
using Microsoft.Extensions.Configuration;
using NanoKvm.Client;
using NanoKvm.Client.Hid;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Reads <see cref="NanoKvmClientOptions"/> from configuration, key by key. Written out rather than left to the
/// reflection binder so it stays trim- and AOT-safe, skips nothing silently, and names the key of a bad value.
/// </summary>
internal static class NanoKvmClientOptionsBinder
{
    public static void Bind(IConfiguration section, NanoKvmClientOptions options)
    {
        if (section[nameof(options.Address)] is { } address)
        {
            options.Address = Uri.TryCreate(address, UriKind.Absolute, out var uri)
                ? uri
                : throw Bad(section, nameof(options.Address), address, "an absolute address such as http://192.168.1.50");
        }

        options.Username = section[nameof(options.Username)] ?? options.Username;
        options.Password = section[nameof(options.Password)] ?? options.Password;
        options.FirmwareVersion = section[nameof(options.FirmwareVersion)] ?? options.FirmwareVersion;
        options.RequestTimeout = Time(section, nameof(options.RequestTimeout), options.RequestTimeout);
        options.ConnectTimeout = Time(section, nameof(options.ConnectTimeout), options.ConnectTimeout);
        options.AcceptSelfSignedCertificate = Flag(section, nameof(options.AcceptSelfSignedCertificate), options.AcceptSelfSignedCertificate);
        options.CertificateFingerprint = section[nameof(options.CertificateFingerprint)] ?? options.CertificateFingerprint;
        foreach (var header in section.GetSection(nameof(options.RequestHeaders)).GetChildren())
        {
            if (header.Value is { } value)
            {
                options.RequestHeaders[header.Key] = value;
            }
        }

        var hid = section.GetSection(nameof(options.Hid));
        options.Hid.HeartbeatInterval = Time(hid, nameof(NanoKvmHidOptions.HeartbeatInterval), options.Hid.HeartbeatInterval);
        options.Hid.ReportPace = Time(hid, nameof(NanoKvmHidOptions.ReportPace), options.Hid.ReportPace);
        options.Hid.ReconnectDelay = Time(hid, nameof(NanoKvmHidOptions.ReconnectDelay), options.Hid.ReconnectDelay);
        options.Hid.MaxReconnectDelay = Time(hid, nameof(NanoKvmHidOptions.MaxReconnectDelay), options.Hid.MaxReconnectDelay);
        options.Hid.ReconnectAttempts = Number(hid, nameof(NanoKvmHidOptions.ReconnectAttempts), options.Hid.ReconnectAttempts);
        options.Hid.SendQueueCapacity = Number(hid, nameof(NanoKvmHidOptions.SendQueueCapacity), options.Hid.SendQueueCapacity);
        if (hid[nameof(NanoKvmHidOptions.DefaultMouseMode)] is { } mode)
        {
            options.Hid.DefaultMouseMode = Enum.TryParse<MouseMode>(mode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw Bad(hid, nameof(NanoKvmHidOptions.DefaultMouseMode), mode, string.Join(" or ", Enum.GetNames<MouseMode>()));
        }

        var video = section.GetSection(nameof(options.Video));
        options.Video.MaxFrameBytes = Number(video, nameof(options.Video.MaxFrameBytes), options.Video.MaxFrameBytes);
        options.Video.StreamLinger = Time(video, nameof(options.Video.StreamLinger), options.Video.StreamLinger);
    }

    private static TimeSpan Time(IConfiguration section, string key, TimeSpan current) =>
        section[key] is not { } text ? current
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
        : throw Bad(section, key, text, "a time span such as 00:00:10");

    private static int Number(IConfiguration section, string key, int current) =>
        section[key] is not { } text ? current
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw Bad(section, key, text, "a whole number");

    private static bool Flag(IConfiguration section, string key, bool current) =>
        section[key] is not { } text ? current
        : bool.TryParse(text, out var value) ? value
        : throw Bad(section, key, text, "true or false");

    private static InvalidOperationException Bad(IConfiguration section, string key, string value, string expected)
    {
        var path = section is IConfigurationSection s && s.Path.Length > 0 ? $"{s.Path}:{key}" : key;
        return new InvalidOperationException($"Configuration value '{path}' = '{value}' is not {expected}.");
    }
}
