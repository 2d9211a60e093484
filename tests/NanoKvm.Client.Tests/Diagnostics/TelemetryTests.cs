using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using NanoKvm.Client.Diagnostics;
using NanoKvm.Emulator;

namespace NanoKvm.Client.Tests.Diagnostics;

/// <summary>
/// The spans and metrics of <see cref="NanoKvmTelemetry"/>, caught with an in-memory <see cref="ActivityListener"/>
/// and <see cref="MeterListener"/>. Other tests run at the same time, so everything is filtered by this test's
/// emulator port.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<Activity> _allSpans = new();
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private ActivityListener _activities = null!;
    private MeterListener _meters = null!;
    private NanoKvmEmulator _kvm = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private int Port => _kvm.BaseAddress.Port;

    public async ValueTask InitializeAsync()
    {
        _kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01, FailedLoginDelay = TimeSpan.Zero }, Ct);
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NanoKvmTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                _allSpans.Enqueue(activity);
                if (Equals(activity.GetTagItem("server.port"), Port))
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == NanoKvmTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public async ValueTask DisposeAsync()
    {
        _activities.Dispose();
        _meters.Dispose();
        await _kvm.DisposeAsync();
    }

    [Fact]
    public void SourceAndMeter_AreNamedNanoKvmClient()
    {
        Assert.Equal("NanoKvm.Client", NanoKvmTelemetry.Name);
    }

    [Fact]
    public async Task RestCallsAndLogin_GiveSpansWithHttpTags_AndTheDurationHistogram()
    {
        await using var client = new NanoKvmClient(_kvm.BaseAddress, "admin", "admin");
        await client.LoginAsync(Ct);
        await client.Device.GetInfoAsync(Ct);

        var login = Assert.Single(_spans, s => s.OperationName == "nanokvm.login");
        Assert.Equal(ActivityStatusCode.Unset, login.Status);
        Assert.Equal("admin", login.GetTagItem("user.name"));
        var info = Assert.Single(_spans, s => s.DisplayName == "GET /api/vm/info");
        Assert.Equal(ActivityKind.Client, info.Kind);
        Assert.Equal("GET", info.GetTagItem("http.request.method"));
        Assert.Equal("/api/vm/info", info.GetTagItem("url.path"));
        Assert.Equal(200, info.GetTagItem("http.response.status_code"));
        Assert.Equal("127.0.0.1", info.GetTagItem("server.address"));
        var loginRequest = Assert.Single(_spans, s => s.DisplayName == "POST /api/auth/login");
        Assert.Equal(login.SpanId, loginRequest.ParentSpanId);

        var durations = Measurements("nanokvm.client.request.duration");
        Assert.Contains(durations, m => Equals(m.Tags["url.path"], "/api/vm/info") && Equals(m.Tags["http.response.status_code"], 200) && m.Value > 0);
    }

    [Fact]
    public async Task FailedLogin_MarksItsSpanAsAnError()
    {
        await using var client = new NanoKvmClient(_kvm.BaseAddress, "admin", "wrong");
        await Assert.ThrowsAsync<NanoKvmAuthenticationException>(() => client.LoginAsync(Ct));

        var login = Assert.Single(_spans, s => s.OperationName == "nanokvm.login");
        Assert.Equal(ActivityStatusCode.Error, login.Status);
        Assert.Equal(nameof(NanoKvmAuthenticationException), login.GetTagItem("error.type"));
    }

    [Fact]
    public async Task UnreachableDevice_RecordsTheErrorTypeOnTheRequest()
    {
        var port = _kvm.BaseAddress.Port;
        await _kvm.DisposeAsync();
        _kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01 }, Ct);
        await using var client = new NanoKvmClient(new NanoKvmClientOptions { Address = new Uri($"http://127.0.0.1:{port}"), FirmwareVersion = "2.5.1" });
        await Assert.ThrowsAnyAsync<NanoKvmException>(() => client.LoginAsync(Ct));

        // Filtered by the old port, which nothing listens on any more.
        Assert.Contains(_allSpans, s => s.DisplayName == "POST /api/auth/login" && Equals(s.GetTagItem("server.port"), port)
            && s.Status == ActivityStatusCode.Error && s.GetTagItem("error.type") is nameof(NanoKvmException));
    }

    [Fact]
    public async Task HidAndScreenshots_CountReportsFramesAndBytes_WithSpans()
    {
        await using var client = new NanoKvmClient(_kvm.BaseAddress, "admin", "admin");
        await client.Keyboard.TypeTextAsync("hi", cancellationToken: Ct);
        using var frame = await client.Video.GetScreenshotAsync(cancellationToken: Ct);

        var connect = Assert.Single(_spans, s => s.OperationName == "nanokvm.hid.connect");
        Assert.Equal(false, connect.GetTagItem("nanokvm.hid.reconnect"));
        var screenshot = Assert.Single(_spans, s => s.OperationName == "nanokvm.screenshot");
        Assert.Equal(frame.Length, screenshot.GetTagItem("nanokvm.frame.size"));

        // "hi": press and release of two keys at least.
        Assert.True(Measurements("nanokvm.hid.reports_sent").Sum(m => m.Value) >= 4);
        Assert.True(Measurements("nanokvm.video.frames_received").Sum(m => m.Value) >= 1);
        Assert.Contains(Measurements("nanokvm.video.frame.size"), m => m.Value == frame.Length);
    }

    [Fact]
    public async Task DeviceRestart_CountsAReconnect()
    {
        await using var client = new NanoKvmClient(_kvm.BaseAddress, "admin", "admin");
        await client.Keyboard.PressAsync("a", Ct);
        _kvm.Restart();
        try
        {
            await client.Keyboard.PressAsync("b", Ct);
        }
        catch (NanoKvmException)
        {
            // An action that meets the lost connection is stopped rather than finished half-done; the next one goes through.
        }

        await client.Keyboard.PressAsync("c", Ct);

        Assert.True(Measurements("nanokvm.hid.reconnects").Sum(m => m.Value) >= 1);
        Assert.Contains(_spans, s => s.OperationName == "nanokvm.hid.connect" && Equals(s.GetTagItem("nanokvm.hid.reconnect"), true));
    }

    private List<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements(string name) =>
        _measurements.Where(m => m.Name == name).ToList();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (Equals(copy.GetValueOrDefault("server.port"), Port))
        {
            _measurements.Enqueue((instrument.Name, value, copy));
        }
    }
}
