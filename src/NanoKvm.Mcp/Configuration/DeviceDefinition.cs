namespace NanoKvm.Mcp.Configuration;

/// <summary>One NanoKVM the server may drive, as configured (command line, environment or devices file).</summary>
internal sealed record DeviceDefinition
{
    /// <summary>The name tools take in their <c>device</c> argument.</summary>
    public required string Name { get; init; }

    /// <summary>Base address, e.g. <c>http://10.0.0.5</c>.</summary>
    public required Uri Address { get; init; }

    public string Username { get; init; } = "admin";

    /// <summary>Plain-text password; never logged, never shown to the model.</summary>
    public string Password { get; init; } = "admin";

    /// <summary>Accept the device's self-signed certificate (<c>NANOKVM_VERIFY_SSL=false</c>, <c>--insecure</c>).</summary>
    public bool AcceptSelfSignedCertificate { get; init; }

    /// <summary>SHA-256 fingerprint of the only certificate to accept.</summary>
    public string? CertificateSha256 { get; init; }

    /// <summary>Time allowed for one ordinary device request; null for the SDK's default (10 s).</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Frame size assumed for pixel coordinates before the first screenshot of this device.</summary>
    public ScreenSize? FallbackScreenSize { get; init; }

    /// <summary>Where the definition came from, for messages (e.g. <c>devices file lab.json</c>).</summary>
    public string Source { get; init; } = "command line";

    /// <summary>True for the in-process emulator started by <c>--emulator</c>.</summary>
    public bool IsEmulator { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Address})";
}

/// <summary>A width and height in pixels.</summary>
internal readonly record struct ScreenSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}
