using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Host.Screen;

namespace NanoKvm.Emulator;

/// <summary>How to start a <see cref="NanoKvmEmulator"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The firmware release to imitate. Default: the newest (2.5.1).</summary>
    public FirmwareProfile Profile { get; set; } = FirmwareProfile.V2_5_1;

    /// <summary>Address to listen on. Only loopback is sensible.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (see <see cref="NanoKvmEmulator.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>Serve HTTPS with this certificate instead of HTTP.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>The device owner's account (always admin).</summary>
    public string Username { get; set; } = "admin";

    /// <summary>The device owner's password.</summary>
    public string Password { get; set; } = "admin";

    /// <summary>Further accounts; roles only matter on profiles with multi-user support (2.5.1).</summary>
    public IList<EmulatedAccount> ExtraAccounts { get; } = [];

    /// <summary>When true, every route passes without a session (the device's <c>authentication: disable</c>).</summary>
    public bool AuthenticationDisabled { get; set; }

    /// <summary>Delay before answering a failed login (the device waits 2 s from 2.3.0). Tests set it to zero.</summary>
    public TimeSpan FailedLoginDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Enables the per-IP login lockout (off by default on the device, available from 2.3.5).</summary>
    public bool LockoutEnabled { get; set; }

    /// <summary>Failures before the lockout engages.</summary>
    public int LockoutMaxFailures { get; set; } = 5;

    /// <summary>How long a lockout lasts.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Hardware generation reported by <c>GET /api/vm/hardware</c>: Alpha, Beta or PCIE.</summary>
    public string Hardware { get; set; } = "Beta";

    /// <summary>
    /// Multiplies every deliberate device wait (button presses, paste pacing, HDMI reset). 1 is real time; tests use
    /// a small factor so an 800 ms press takes a few milliseconds while keeping the blocking behaviour.
    /// </summary>
    public double TimeScale { get; set; } = 1.0;

    /// <summary>Clock for token expiry and timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logger factory for the emulator's web host; null keeps it silent.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Whether the virtual host is running when the emulator starts. Default: off.</summary>
    public bool HostPoweredOn { get; set; }

    /// <summary>
    /// Whether the host's power LED is wired to the KVM. When false <c>GET /api/vm/gpio</c> always reads
    /// <c>pwr:false</c>, as on a device whose LED header was left unconnected.
    /// </summary>
    public bool PowerLedWired { get; set; } = true;

    /// <summary>How long the host's OS takes to shut down after a short power press (device time; default immediate).</summary>
    public TimeSpan HostShutdownDelay { get; set; }

    /// <summary>The host's MAC address; a Wake-on-LAN packet to it switches an off host on.</summary>
    public string HostMacAddress { get; set; } = "52:54:00:12:34:56";

    /// <summary>How long a simulated image download takes (device time, scaled by <see cref="TimeScale"/>).</summary>
    public TimeSpan DownloadDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether <c>/data</c> is writable (<c>GET /api/download/image/enabled</c>).</summary>
    public bool DownloadEnabled { get; set; } = true;

    /// <summary>Keyboard layout of the virtual host's OS (<c>us</c>, <c>uk</c>, <c>de</c>, <c>fr</c>); turns keyboard reports into the transcript.</summary>
    public string HostKeyboardLayout { get; set; } = "us";

    /// <summary>
    /// How often the host polls the HID gadgets: each queued report waits this long before it is "written", which
    /// makes throughput and the 200-report queues behave as on the device. Default 1 ms (a full-speed USB interrupt
    /// endpoint). Not scaled by <see cref="TimeScale"/>.
    /// </summary>
    public TimeSpan HidUsbPollInterval { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Benchmark mode: HID messages are parsed and counted but not paced, recorded or given to the virtual host.
    /// </summary>
    public bool HidSinkMode { get; set; }

    /// <summary>
    /// Overrides the <c>/api/ws</c> read deadline of profiles that have one (90 s from 2.5.0). Null keeps 90 s in real
    /// time: it is a liveness limit, not a deliberate device wait, so <see cref="TimeScale"/> does not shorten it (an
    /// idle test socket would otherwise drop every second). Tests of the heartbeat set a short value here.
    /// </summary>
    public TimeSpan? HidReadDeadline { get; set; }

    /// <summary>What the virtual host's screen shows around the typed text (default: the transcript alone).</summary>
    public ScreenScene Scene { get; set; } = ScreenScene.Transcript;

    /// <summary>
    /// Pro profiles: the <c>pn</c> of <c>GET /api/vm/info</c>, the last token of the LT6911 version string. The Pro's
    /// server does not trim it, so the default keeps a trailing newline.
    /// </summary>
    public string ProPartNumber { get; set; } = "NxaL01507\n";

    /// <summary>
    /// With a <see cref="Certificate"/>: also listen on a plain-HTTP port that answers every request with 307 to the
    /// HTTPS address (the Pro's <c>runRedirect</c>); see <see cref="NanoKvmEmulator.HttpRedirectAddress"/>.
    /// </summary>
    public bool ServeHttpRedirect { get; set; }

    /// <summary>
    /// Imitates a NanoKVM-Pro switched to PiKVM mode: kvmd answers instead of the NanoKVM server (401 JSON
    /// <c>{"ok":false,…}</c> on <c>/api/*</c>), so no NanoKVM call can work.
    /// </summary>
    public bool PiKvmMode { get; set; }

    /// <summary>Image files initially present under <c>/data</c>, with their sizes in bytes.</summary>
    public IDictionary<string, long> Images { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["/data/ubuntu-24.04-live-server-amd64.iso"] = 2_754_981_888,
        ["/data/memtest86-usb.img"] = 524_288_000,
    };
}

/// <summary>An extra account on a multi-user device.</summary>
/// <param name="Username">Login name.</param>
/// <param name="Password">Password.</param>
/// <param name="IsAdmin">True for the admin role, false for the user role.</param>
public sealed record EmulatedAccount(string Username, string Password, bool IsAdmin);
