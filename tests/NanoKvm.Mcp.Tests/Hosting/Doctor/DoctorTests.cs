using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using NanoKvm.Emulator;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Hosting;
using NanoKvm.Mcp.Hosting.Doctor;

namespace NanoKvm.Mcp.Tests.Hosting.Doctor;

/// <summary><c>--doctor</c> against emulated devices: a good one, a wrong password, an unreachable address and a bad TLS pin.</summary>
public sealed class DoctorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GoodDevice_PassesEveryCheck_AndExitsZero()
    {
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01 }, Ct);
        var (code, report) = await RunAsync(Device(kvm.BaseAddress));

        Assert.Equal(0, code);
        Assert.Contains("[ok  ] address reachable", report, StringComparison.Ordinal);
        Assert.Contains("[ok  ] login: logged in as admin", report, StringComparison.Ordinal);
        Assert.Contains($"[ok  ] firmware and model: firmware {kvm.Profile.Application}", report, StringComparison.Ordinal);
        Assert.Contains("[ok  ] HID socket", report, StringComparison.Ordinal);
        Assert.Matches(@"\[ok  \] video frame: fresh frame \d+x\d+", report);
        Assert.Contains("[ok  ] paste: available", report, StringComparison.Ordinal);
        Assert.Contains("OCR (tesseract): ", report, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", report, StringComparison.Ordinal);
        Assert.EndsWith("All checks passed." + Environment.NewLine, report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_FailsLogin_WithAFix_AndSkipsTheRest()
    {
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01, FailedLoginDelay = TimeSpan.Zero }, Ct);
        var (code, report) = await RunAsync(Device(kvm.BaseAddress) with { Password = "wrong" });

        Assert.Equal(1, code);
        Assert.Contains("[FAIL] login:", report, StringComparison.Ordinal);
        Assert.Contains("fix: Check the user (admin) and password: set NANOKVM_PASS", report, StringComparison.Ordinal);
        Assert.Contains("[--  ] HID socket: skipped", report, StringComparison.Ordinal);
        Assert.Equal(0, kvm.Requests.Count("/api/ws"));
        Assert.Contains("1 check failed", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableAddress_FailsFirst_AndSaysWhatToCheck()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, report) = await RunAsync(Device(new Uri($"http://127.0.0.1:{port}")));

        Assert.Equal(1, code);
        Assert.Contains($"[FAIL] address reachable: 127.0.0.1:{port}", report, StringComparison.Ordinal);
        Assert.Contains($"fix: Nothing listens on port {port}", report, StringComparison.Ordinal);
        Assert.Contains("[--  ] login: skipped", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPin_FailsTls_AndPrintsThePinThatWouldMatch()
    {
        using var certificate = SelfSigned();
        await using var kvm = await NanoKvmEmulator.StartAsync(new EmulatorOptions { TimeScale = 0.01, Certificate = certificate }, Ct);
        var actual = Convert.ToHexString(SHA256.HashData(certificate.RawData));

        var (code, report) = await RunAsync(Device(kvm.BaseAddress) with { CertificateSha256 = new string('a', 64) });

        Assert.Equal(1, code);
        Assert.Contains("[FAIL] TLS certificate: the device's certificate does not match the pinned fingerprint", report, StringComparison.Ordinal);
        Assert.Contains($"--cert-sha256 {actual}", report, StringComparison.Ordinal);
        Assert.Contains("[--  ] login: skipped", report, StringComparison.Ordinal);
        Assert.Equal(0, kvm.Requests.Count("/api/auth/login"));

        // The printed pin is the one that works.
        var (fixedCode, fixedReport) = await RunAsync(Device(kvm.BaseAddress) with { CertificateSha256 = actual });
        Assert.Equal(0, fixedCode);
        Assert.Contains("[ok  ] TLS certificate: matches the pinned fingerprint", fixedReport, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_DoctorWithEmulator_ExitsZero_AndDoctorWithCallIsRefused()
    {
        Assert.Equal(0, await ServerApp.RunAsync(["--emulator", "--doctor"], _ => null, Ct));
        Assert.Equal(2, await ServerApp.RunAsync(["--emulator", "--doctor", "--call", "nanokvm_info"], _ => null, Ct));
        Assert.Contains("--doctor", CommandLineParser.Usage, StringComparison.Ordinal);
    }

    private static DeviceDefinition Device(Uri address) => new() { Name = "lab", Address = address, Source = "test" };

    private static async Task<(int Code, string Report)> RunAsync(DeviceDefinition device)
    {
        using var output = new StringWriter();
        var code = await DoctorCommand.RunAsync([device], NullLoggerFactory.Instance, output, Ct);
        return (code, output.ToString());
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
