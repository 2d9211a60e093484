using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace NanoKvm.Client.Diagnostics;

/// <summary>
/// The client's traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Subscribe with OpenTelemetry (<c>AddSource(NanoKvmTelemetry.Name)</c>,
/// <c>AddMeter(NanoKvmTelemetry.Name)</c>) or an <see cref="ActivityListener"/>/<see cref="MeterListener"/>. Nothing
/// is recorded until someone listens. Span, metric and tag names are listed in docs/observability.md.
/// </summary>
public static class NanoKvmTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>NanoKvm.Client</c>.</summary>
    public const string Name = "NanoKvm.Client";

    private static readonly string? Version = typeof(NanoKvmTelemetry).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    internal static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "nanokvm.client.request.duration", "s", "Duration of REST calls to the device, from sending to the whole reply.");

    private static readonly Counter<long> HidReportsSent = Meter.CreateCounter<long>(
        "nanokvm.hid.reports_sent", "{report}", "HID reports (keyboard, mouse, heartbeat) written to the device's HID WebSocket.");

    private static readonly Counter<long> HidReconnects = Meter.CreateCounter<long>(
        "nanokvm.hid.reconnects", "{reconnect}", "HID WebSocket connections opened again after the first one.");

    private static readonly Counter<long> FramesReceived = Meter.CreateCounter<long>(
        "nanokvm.video.frames_received", "{frame}", "JPEG frames received from the device's MJPEG stream.");

    private static readonly Histogram<long> FrameSize = Meter.CreateHistogram<long>(
        "nanokvm.video.frame.size", "By", "Size of each JPEG frame received.");

    /// <summary>Starts the span of one REST call (<c>GET /api/vm/info</c>), or null when nobody listens.</summary>
    internal static Activity? StartRequest(HttpMethod method, string path, Uri device)
    {
        path = WithoutQuery(path);
        var activity = Source.StartActivity($"{method.Method} {path}", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("http.request.method", method.Method);
            activity.SetTag("url.path", path);
            activity.SetTag("server.address", device.Host);
            activity.SetTag("server.port", device.Port);
        }

        return activity;
    }

    /// <summary>Ends a REST call: its span's status and the duration metric.</summary>
    internal static void EndRequest(Activity? activity, HttpMethod method, string path, Uri device, int? status, Exception? error, TimeSpan elapsed)
    {
        path = WithoutQuery(path);
        var errorType = error?.GetType().Name ?? (status is >= 400 ? status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        if (activity is not null)
        {
            if (status is { } code)
            {
                activity.SetTag("http.response.status_code", code);
            }

            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetStatus(ActivityStatusCode.Error, error?.Message);
            }

            activity.Dispose();
        }

        if (RequestDuration.Enabled)
        {
            var tags = new TagList
            {
                { "http.request.method", method.Method },
                { "url.path", path },
                { "http.response.status_code", status },
                { "server.address", device.Host },
                { "server.port", device.Port },
            };
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            RequestDuration.Record(elapsed.TotalSeconds, tags);
        }
    }

    /// <summary>Starts an internal span (login, HID connect, screenshot) for the device at <paramref name="device"/>.</summary>
    internal static Activity? StartOperation(string name, Uri device)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag("server.address", device.Host);
        activity?.SetTag("server.port", device.Port);
        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="error"/>.</summary>
    internal static void Fail(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            activity.SetTag("error.type", error.GetType().Name);
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }

    // Queries carry file names and values: left out of tags so they neither leak nor multiply metric series.
    private static string WithoutQuery(string path) => path.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? path[..q] : path;

    /// <summary>Counts one received frame and its size.</summary>
    internal static void FrameReceived(Uri device, int bytes)
    {
        if (FramesReceived.Enabled || FrameSize.Enabled)
        {
            var tags = Device(device);
            FramesReceived.Add(1, tags);
            FrameSize.Record(bytes, tags);
        }
    }

    /// <summary>Counts HID reports written in one socket write.</summary>
    internal static void HidReportsWritten(Uri device, int count)
    {
        if (HidReportsSent.Enabled && count > 0)
        {
            HidReportsSent.Add(count, Device(device));
        }
    }

    /// <summary>Counts one HID reconnect.</summary>
    internal static void HidReconnected(Uri device) => HidReconnects.Add(1, Device(device));

    private static TagList Device(Uri device) => new() { { "server.address", device.Host }, { "server.port", device.Port } };
}
