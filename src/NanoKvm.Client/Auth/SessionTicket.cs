namespace NanoKvm.Client.Auth;

/// <summary>
/// A logged-in session: the cookie to send and a generation number that tells stale tickets apart. It is the one
/// place the token is kept; REST, WebSocket and MJPEG requests all take <see cref="CookieHeader"/> from here, and
/// the token is checked (<see cref="SessionToken"/>) before a ticket can exist.
/// </summary>
internal sealed class SessionTicket
{
    public const string LoginEndpoint = "POST /api/auth/login";

    /// <exception cref="NanoKvmAuthenticationException">The token cannot be sent in a Cookie header.</exception>
    public SessionTicket(long generation, string token)
    {
        SessionToken.ThrowIfInvalid(token, LoginEndpoint);
        Generation = generation;
        Token = token;
    }

    public long Generation { get; }

    public string Token { get; }

    public string CookieHeader => SetCookieParser.CookieName + "=" + Token;

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"session #{Generation}";
}
