using System.Net;

namespace NanoKvm.Mcp.Http;

/// <summary>How <c>nanokvm-mcp --http</c> serves: where, for whom, and with which limits.</summary>
internal sealed record HttpOptions
{
    /// <summary>Address to bind; loopback unless the user named another.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one (printed at start-up).</summary>
    public int Port { get; init; }

    /// <summary>The keys file (hashes of the accepted API keys).</summary>
    public required string KeysFile { get; init; }

    /// <summary>The key from <c>NANOKVM_MCP_API_KEY</c>, accepted under the name <c>default</c>; null when unset.</summary>
    public string? EnvironmentKey { get; init; }

    /// <summary>Browser origins allowed to call (exact <c>scheme://host[:port]</c>); a request with any other <c>Origin</c> is refused.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Extra names the <c>Host</c> header may carry besides loopback and the bound address.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>TLS certificate: a PEM file (with <see cref="TlsKeyFile"/>) or a PFX/PKCS#12 file; null serves plain HTTP.</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertificateFile"/>; null when the certificate file is a PFX or holds the key.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>Password of a PFX file or an encrypted PEM key (from <c>NANOKVM_MCP_TLS_PASSWORD</c>).</summary>
    public string? TlsPassword { get; init; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a client's hold on a device's input lasts after its last input call.</summary>
    public TimeSpan LeaseIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True when the server listens on an address other hosts can reach.</summary>
    public bool IsReachableFromOtherHosts => !IPAddress.IsLoopback(Address);
}
