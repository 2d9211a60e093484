using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using NanoKvm.Mcp.Authentication;

namespace NanoKvm.Mcp.Http;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer KEY</c> naming a configured key, and makes the key's name
/// the request's user: the SDK hands it to every call (the audit log's and the policy's <c>grant</c>) and binds a
/// session to it, so another key cannot use that session. Anything else gets 401 and reaches no tool.
/// </summary>
internal sealed class BearerKeyAuthentication(ApiKeyStore keys)
{
    public const string Scheme = "ApiKey";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var header = context.Request.Headers.Authorization.ToString();
        string? problem = null;
        string? name = null;
        if (header.Length == 0)
        {
            problem = "This server needs an API key: send 'Authorization: Bearer <key>'.";
        }
        else if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            problem = "The Authorization header must be 'Bearer <key>'.";
        }
        else if ((name = keys.Authenticate(header["Bearer ".Length..].Trim())) is null)
        {
            problem = "The API key is not valid (unknown, mistyped or removed from the keys file).";
        }

        if (problem is not null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"nanokvm-mcp\"";
            await HttpErrorResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, HttpErrorResponse.Unauthorized, problem);
            return;
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name!), new Claim(ClaimTypes.NameIdentifier, name!)],
            Scheme));
        await next(context);
    }
}
