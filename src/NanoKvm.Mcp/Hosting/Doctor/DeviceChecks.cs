using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using NanoKvm.Client;
using NanoKvm.Client.Video;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;

namespace NanoKvm.Mcp.Hosting.Doctor;

/// <summary>
/// The checks of one device, in the order a connection needs them: the address answers, TLS is accepted, the login
/// works, the firmware is known, the HID socket opens and a fresh frame arrives. A failed step skips the rest.
/// </summary>
internal static class DeviceChecks
{
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DeviceDefinition device, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        var remaining = new[] { "TLS certificate", "login", "firmware and model", "HID socket", "video frame", "paste" };

        var reach = await ReachAsync(device, cancellationToken);
        checks.Add(reach);
        if (reach.Outcome == CheckOutcome.Failed)
        {
            checks.AddRange(remaining.Select(DoctorCheck.Skip));
            return checks;
        }

        var options = KvmDevice.CreateOptions(device, loggerFactory);
        options.RequestTimeout = device.RequestTimeout ?? TimeSpan.FromSeconds(10);
        await using var client = new NanoKvmClient(options);

        // Login is the first call that completes a TLS handshake with the client's own rules.
        DoctorCheck login;
        try
        {
            await client.LoginAsync(cancellationToken);
            login = DoctorCheck.Pass("login", $"logged in as {device.Username}");
        }
        catch (NanoKvmException e) when (IsTlsFailure(e))
        {
            checks.Add(await TlsFailureAsync(device, cancellationToken));
            checks.AddRange(remaining.Skip(1).Select(DoctorCheck.Skip));
            return checks;
        }
        catch (NanoKvmAccountLockedException e)
        {
            login = DoctorCheck.Fail("login", e.Message, "Wait for the device's lock to expire (5 minutes by default), then check the password before trying again.");
        }
        catch (NanoKvmAuthenticationException e)
        {
            login = DoctorCheck.Fail("login", e.Message,
                $"Check the user ({device.Username}) and password: set {EnvironmentVariables.Password}, or passwordEnv in the devices file ({device.Source}).");
        }
        catch (NanoKvmException e)
        {
            login = DoctorCheck.Fail("login", e.Message, "Check that the address is the NanoKVM's web interface (open it in a browser).");
        }

        checks.Add(device.Address.Scheme == Uri.UriSchemeHttps
            ? DoctorCheck.Pass("TLS certificate", device.CertificateSha256 is not null ? "matches the pinned fingerprint"
                : device.AcceptSelfSignedCertificate ? "accepted (self-signed allowed; pinning with --cert-sha256 is safer)" : "valid")
            : DoctorCheck.Pass("TLS certificate", "not used (plain HTTP)"));
        checks.Add(login);
        if (login.Outcome == CheckOutcome.Failed)
        {
            checks.AddRange(remaining.Skip(2).Select(DoctorCheck.Skip));
            return checks;
        }

        FirmwareInfo firmware;
        try
        {
            firmware = await client.GetFirmwareAsync(cancellationToken);
            var hardware = await client.Device.GetHardwareAsync(cancellationToken);
            checks.Add(DoctorCheck.Pass("firmware and model", $"firmware {firmware.Version}, hardware {hardware.Version}"));
        }
        catch (NanoKvmException e)
        {
            checks.Add(DoctorCheck.Fail("firmware and model", e.Message, "Update the device to firmware 2.2.0 or later, or pin the version in the devices file."));
            checks.AddRange(remaining.Skip(3).Select(DoctorCheck.Skip));
            return checks;
        }

        checks.Add(await StepAsync("HID socket", async () =>
        {
            await client.Keyboard.ConnectAsync(cancellationToken);
            return "opened /api/ws";
        }, "Another program may hold the keyboard socket, or a proxy blocks WebSockets; close other sessions of the web interface and retry."));

        checks.Add(await StepAsync("video frame", async () =>
        {
            using var frame = await client.Video.GetScreenshotAsync(new ScreenshotOptions { Timeout = TimeSpan.FromSeconds(10) }, cancellationToken);
            return string.Create(CultureInfo.InvariantCulture, $"fresh frame {frame.Width}x{frame.Height}, {frame.Length / 1024.0:0.#} KiB");
        }, "Check that the target computer is on and its HDMI cable is plugged into the NanoKVM (the web interface should show its screen)."));

        var capabilities = firmware.Capabilities;
        checks.Add(DoctorCheck.Pass("paste", $"available: up to {capabilities.PasteLimit} {(capabilities.PasteLimitUnit == NanoKvm.Client.PasteLimitUnit.Runes ? "characters" : "bytes")}, layouts {string.Join(", ", capabilities.PasteLanguages)}"));
        return checks;
    }

    private static async Task<DoctorCheck> StepAsync(string name, Func<Task<string>> step, string fix)
    {
        try
        {
            return DoctorCheck.Pass(name, await step());
        }
        catch (NanoKvmException e)
        {
            return DoctorCheck.Fail(name, e.Message, fix);
        }
    }

    private static async Task<DoctorCheck> ReachAsync(DeviceDefinition device, CancellationToken cancellationToken)
    {
        const string Name = "address reachable";
        var address = device.Address;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReachTimeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(address.Host, address.Port, deadline.Token);
            return DoctorCheck.Pass(Name, $"{address.Host}:{address.Port} accepts connections");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Fail(Name, $"{address.Host}:{address.Port} did not answer within {ReachTimeout.TotalSeconds:0} s",
                "Check the device is powered and on this network (ping it), and the address and port in NANOKVM_HOST or the devices file.");
        }
        catch (SocketException e)
        {
            return DoctorCheck.Fail(Name, $"{address.Host}:{address.Port}: {e.Message}",
                e.SocketErrorCode == SocketError.ConnectionRefused
                    ? $"Nothing listens on port {address.Port}: use the port of the web interface ({(address.Scheme == Uri.UriSchemeHttps ? "443" : "80")} unless changed), or switch http/https."
                    : "Check the host name or IP address; a name must resolve from this machine.");
        }
    }

    private static async Task<DoctorCheck> TlsFailureAsync(DeviceDefinition device, CancellationToken cancellationToken)
    {
        var actual = await CertificateProbe.FingerprintAsync(device.Address, ReachTimeout, cancellationToken);
        var detail = device.CertificateSha256 is not null
            ? $"the device's certificate does not match the pinned fingerprint{(actual is null ? string.Empty : $" (it presents {actual})")}"
            : "the device's certificate is not trusted (NanoKVMs generate a self-signed one)";
        var fix = actual is null
            ? "Check the address really is the NanoKVM; then pin its certificate with --cert-sha256 (or certSha256 in the devices file)."
            : $"If this is your NanoKVM (compare with the fingerprint its web interface's certificate shows), pin it: --cert-sha256 {actual} (or certSha256 in the devices file, or {EnvironmentVariables.CertificateSha256}).";
        return DoctorCheck.Fail("TLS certificate", detail, fix);
    }

    private static bool IsTlsFailure(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
