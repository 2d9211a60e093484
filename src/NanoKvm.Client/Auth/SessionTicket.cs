namespace NanoKvm.Client.Auth;

/// <summary>A logged-in session: the cookie to send and a generation number that tells stale tickets apart.</summary>
internal sealed record SessionTicket(long Generation, string Token)
{
    public string CookieHeader => SetCookieParser.CookieName + "=" + Token;

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"session #{Generation}";
}
