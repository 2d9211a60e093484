using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Tests.Hid;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Tests.Logging;
using NanoKvm.Client.Video.H264;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Video;

/// <summary>
/// The life of the direct H.264 stream under Websocket.Client, over real loopback sockets: a connection reset, a frozen
/// path, a device closing every socket with 1000/1001/4401, a revoked session, the consumer stopping, and the limits
/// that end the stream instead of reconnecting.
/// </summary>
public sealed class H264StreamLifecycleTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.5.1")]
    [InlineData("2.4.x")]
    [InlineData("2.2.x")]
    public async Task ConnectionReset_StreamGoesOnAtAKeyframe_MarkedAsAfterAGap(string profile)
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.Parse(profile));
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress);
        await using var client = NewClient(emulator, forwarder);
        await client.Video.SetH264GopAsync(5, Ct);

        var before = new List<H264AccessUnit>();
        H264AccessUnit? resumed = null;
        var after = 0;
        await foreach (var unit in client.Video.GetH264AccessUnitsAsync(FastReconnect, Timeout(30)))
        {
            if (resumed is null && !unit.IsDiscontinuity)
            {
                before.Add(unit);
                if (before.Count == 3)
                {
                    forwarder.DropAll();
                }

                continue;
            }

            resumed ??= unit;
            if (++after == 6)
            {
                break;
            }
        }

        Assert.True(before[0].IsKeyFrame);
        Assert.False(before[0].IsDiscontinuity);
        Assert.NotNull(resumed);
        Assert.True(resumed.IsKeyFrame, "the first unit after the reset must be a keyframe");
        Assert.Equal(6, after);
        Assert.Equal(2, forwarder.WebSocketUpgrades);
    }

    [Fact]
    public async Task FrozenPath_IsFoundByPing_AndTheStreamIsReplaced()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress);
        await using var client = NewClient(emulator, forwarder, options =>
        {
            options.Hid.PingInterval = TimeSpan.FromMilliseconds(200);
            options.Hid.PingTimeout = TimeSpan.FromMilliseconds(300);
        });

        var clock = new Stopwatch();
        TimeSpan? gap = null;
        var taken = 0;
        await foreach (var unit in client.Video.GetH264AccessUnitsAsync(FastReconnect, Timeout(30)))
        {
            if (++taken == 2)
            {
                forwarder.Freeze();
                clock.Start();
            }

            if (unit.IsDiscontinuity)
            {
                gap = clock.Elapsed;
                break;
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"stream resumed {gap?.TotalMilliseconds:0} ms after the path froze (ping window 500 ms)");
        Assert.NotNull(gap);
        Assert.Equal(2, forwarder.WebSocketUpgrades);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(4401)]
    public async Task DeviceClosingEverySocketAtOnce_IsRetriedWithBackoff_NotFlooded(int closeCode)
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress) { CloseWebSocketsWith = closeCode };
        await using var client = NewClient(emulator, forwarder);
        await client.LoginAsync(Ct);
        var loginsBefore = client.Api.Session.LoginCount;

        // The shipped schedule (250 ms doubling to 5 s, with jitter) for 6 s.
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unit in client.Video.GetH264AccessUnitsAsync(new H264StreamOptions { ReconnectAttempts = 100 }, Timeout(6)))
            {
                received++;
            }
        });

        var handshakes = forwarder.WebSocketUpgrades;
        var logins = client.Api.Session.LoginCount - loginsBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"close {closeCode}: {handshakes} handshakes, {logins} logins in 6 s");
        Assert.Equal(0, received);

        // Attempts at 0, then ≥125, 250, 500, 1000, 2000 ms... apart: at most about 7 in 6 s whatever the jitter.
        Assert.InRange(handshakes, 3, 9);
        if (closeCode == 4401)
        {
            Assert.InRange(logins, 1, handshakes);
        }
        else
        {
            Assert.Equal(0, logins);
        }
    }

    [Fact]
    public async Task SessionRevokedOnTheDevice_StreamGoesOnAfterAFreshLogin()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var device = NewClient(emulator, forwarder: null);
        var loginsBefore = 0L;
        var taken = 0;
        H264AccessUnit? resumed = null;
        await foreach (var unit in device.Video.GetH264AccessUnitsAsync(FastReconnect, Timeout(30)))
        {
            if (++taken == 2)
            {
                loginsBefore = device.Api.Session.LoginCount;

                // The device drops the socket of a revoked session; the next upgrade is refused with 401.
                emulator.Auth.RevokeSessions();
            }

            if (unit.IsDiscontinuity)
            {
                resumed = unit;
                break;
            }
        }

        Assert.NotNull(resumed);
        Assert.True(resumed.IsKeyFrame);
        Assert.Equal(loginsBefore + 1, device.Api.Session.LoginCount);
    }

    [Fact]
    public async Task StoppingTheEnumeration_ClosesTheSocket_AndNothingReconnects()
    {
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress);
        await using var client = NewClient(emulator, forwarder, options => options.LoggerFactory = loggerFactory);

        await foreach (var unit in client.Video.GetH264AccessUnitsAsync(FastReconnect, Timeout(30)))
        {
            break;
        }

        // The device saw the viewer leave (it answers the close and removes the viewer).
        await HidTestDevice.WaitUntilAsync(() => emulator.Host.Screen.Viewers == 0, "the device has no viewer left");
        await Task.Delay(500, Ct);
        Assert.Equal(1, forwarder.WebSocketUpgrades);
        Assert.DoesNotContain(sink.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task CancelWhileReconnecting_EndsPromptly_AndStopsConnecting()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress) { CloseWebSocketsWith = 1001 };
        await using var client = NewClient(emulator, forwarder);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reading = Task.Run(async () =>
        {
            await foreach (var unit in client.Video.GetH264AccessUnitsAsync(new H264StreamOptions { ReconnectAttempts = 100 }, stop.Token))
            {
            }
        }, Ct);
        await HidTestDevice.WaitUntilAsync(() => forwarder.WebSocketUpgrades >= 2, "the stream is reconnecting");

        var clock = Stopwatch.StartNew();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the stream took {clock.Elapsed} to end");

        var handshakes = forwarder.WebSocketUpgrades;
        await Task.Delay(1500, Ct);
        Assert.Equal(handshakes, forwarder.WebSocketUpgrades);
    }

    [Fact]
    public async Task NoReconnectAttempts_TheFirstLossEndsTheStream_WithTheReason()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress);
        await using var client = NewClient(emulator, forwarder);

        var taken = 0;
        var error = await Assert.ThrowsAsync<NanoKvmException>(async () =>
        {
            await foreach (var unit in client.Video.GetH264AccessUnitsAsync(new H264StreamOptions { ReconnectAttempts = 0 }, Timeout(30)))
            {
                if (++taken == 2)
                {
                    forwarder.DropAll();
                }
            }
        });

        Assert.Contains("/api/stream/h264/direct broke off", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, forwarder.WebSocketUpgrades);
    }

    [Fact]
    public async Task DeviceGone_EndsTheStreamAfterTheAttempts_WithAConnectionError()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var client = NewClient(emulator, forwarder: null);
        var taken = 0;
        var clock = new Stopwatch();

        var error = await Assert.ThrowsAsync<NanoKvmException>(async () =>
        {
            await foreach (var unit in client.Video.GetH264AccessUnitsAsync(new H264StreamOptions { ReconnectAttempts = 2, ReconnectDelay = TimeSpan.FromMilliseconds(20), MaxReconnectDelay = TimeSpan.FromMilliseconds(200) }, Timeout(30)))
            {
                if (++taken == 1)
                {
                    clock.Start();
                    await emulator.DisposeAsync();
                }
            }
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"gave up after {clock.Elapsed.TotalMilliseconds:0} ms: {error.Message}");
        Assert.StartsWith("GET /api/stream/h264/direct", error.Endpoint, StringComparison.Ordinal);
        Assert.Contains("could not", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4096, 1, "MaxFrameBytes")]
    [InlineData(64, 7, "not a [keyframe][timestamp][access unit] frame")]
    public async Task OversizedOrMalformedFrame_EndsTheStream_WithoutReconnecting(int messageBytes, byte firstByte, string expected)
    {
        var upgrades = 0;
        await using var server = await HostileDevice.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/api/stream/h264/direct", async context =>
            {
                Interlocked.Increment(ref upgrades);
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var message = new byte[messageBytes];
                message[0] = firstByte;
                try
                {
                    while (socket.State == WebSocketState.Open)
                    {
                        await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, context.RequestAborted);
                        await Task.Delay(20, context.RequestAborted);
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
                {
                    // The client went away.
                }
            });
        });
        await using var client = server.NewClient(options =>
        {
            options.FirmwareVersion = "2.5.1";
            options.Video.MaxFrameBytes = 1024;
        });

        var error = await Assert.ThrowsAsync<NanoKvmException>(async () =>
        {
            await foreach (var unit in client.Video.GetH264AccessUnitsAsync(FastReconnect, Timeout(30)))
            {
            }
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("GET /api/stream/h264/direct", error.Endpoint, StringComparison.Ordinal);
        await Task.Delay(500, Ct);
        Assert.Equal(1, Volatile.Read(ref upgrades));
    }

    [Fact]
    public async Task SlowConsumerWithoutFlowControl_LosesWaitingUnitsUpToAKeyframe_NotMemory()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.Parse("2.4.x"));
        await using var client = NewClient(emulator, forwarder: null);
        await client.Video.SetH264GopAsync(10, Ct);

        var afterPause = new List<H264AccessUnit>();
        var paused = false;
        await foreach (var unit in client.Video.GetH264AccessUnitsAsync(FastReconnect, Timeout(30)))
        {
            if (!paused)
            {
                // About 30 units arrive while the consumer sleeps; at most 8 may wait for it.
                paused = true;
                await Task.Delay(1000, Ct);
                continue;
            }

            afterPause.Add(unit);
            if (unit.IsDiscontinuity || afterPause.Count > 40)
            {
                break;
            }
        }

        var gap = afterPause.FindIndex(u => u.IsDiscontinuity);
        Assert.InRange(gap, 0, 8);
        Assert.True(afterPause[gap].IsKeyFrame);
    }

    private static H264StreamOptions FastReconnect { get; } = new() { ReconnectDelay = TimeSpan.FromMilliseconds(20), MaxReconnectDelay = TimeSpan.FromMilliseconds(200) };

    private static CancellationToken Timeout(int seconds)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source.Token;
    }

    private static Task<NanoKvmEmulator> StartEmulatorAsync(FirmwareProfile profile) =>
        NanoKvmEmulator.StartAsync(new EmulatorOptions { Profile = profile, FailedLoginDelay = TimeSpan.Zero }, Ct);

    private static NanoKvmClient NewClient(NanoKvmEmulator emulator, LoopbackForwarder? forwarder, Action<NanoKvmClientOptions>? configure = null)
    {
        var options = EmulatedDevice.NewClientOptions(emulator);
        if (forwarder is not null)
        {
            options.Address = forwarder.Address;
        }

        configure?.Invoke(options);
        return new NanoKvmClient(options);
    }
}
