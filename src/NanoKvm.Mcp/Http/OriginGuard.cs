using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Http;

namespace NanoKvm.Mcp.Http;

/// <summary>
/// DNS-rebinding protection, as the Streamable HTTP transport requires: a request whose <c>Host</c> is not a name
/// this server is reached by, or whose <c>Origin</c> (sent by browsers) is not on the allow-list, gets 403 before it
/// is read. Requests without <c>Origin</c> come from non-browser clients and pass this check.
/// </summary>
internal sealed class OriginGuard
{
    private readonly HashSet<string> _hosts;
    private readonly HashSet<string> _origins;

    public OriginGuard(HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _origins = new HashSet<string>(options.AllowedOrigins, StringComparer.OrdinalIgnoreCase);
        _hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1" };
        _hosts.UnionWith(options.AllowedHosts);
        if (options.Address.Equals(IPAddress.Any) || options.Address.Equals(IPAddress.IPv6Any))
        {
            // Bound to every interface: the machine's own addresses and name are how other hosts reach it.
            _hosts.Add(Dns.GetHostName());
            _hosts.UnionWith(LocalAddresses().Select(a => a.ToString()));
        }
        else
        {
            _hosts.Add(options.Address.ToString());
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var host = context.Request.Host.Host.Trim('[', ']');
        if (!_hosts.Contains(host))
        {
            await HttpErrorResponse.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                HttpErrorResponse.Forbidden,
                $"Host '{context.Request.Host.Value}' is not a name this server answers to (DNS-rebinding protection); the operator can add it with --http-allow-host.");
            return;
        }

        if (context.Request.Headers.Origin is { Count: > 0 } origins)
        {
            var origin = origins.ToString();
            if (!_origins.Contains(origin))
            {
                await HttpErrorResponse.WriteAsync(
                    context,
                    StatusCodes.Status403Forbidden,
                    HttpErrorResponse.Forbidden,
                    $"Origin '{origin}' is not allowed (DNS-rebinding protection); the operator can allow it with --http-allow-origin.");
                return;
            }
        }

        await next(context);
    }

    private static List<IPAddress> LocalAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
