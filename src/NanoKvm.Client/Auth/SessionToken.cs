using System.Net;

namespace NanoKvm.Client.Auth;

/// <summary>
/// The rule for a device-issued session token before it goes into a <c>Cookie</c> header: 1–<see cref="MaxLength"/>
/// characters, each a cookie-octet of RFC 6265 §4.1.1 (printable ASCII without space, <c>"</c>, <c>,</c>, <c>;</c> and
/// <c>\</c>). A token outside it could add headers (CR/LF), add cookies (<c>;</c>) or bloat every request, so the
/// login fails instead — without quoting the token, which is a credential.
/// </summary>
internal static class SessionToken
{
    /// <summary>Longest token accepted; the firmware's JWTs are about 200 characters, browsers cap a cookie at 4096 bytes.</summary>
    public const int MaxLength = 4000;

    /// <summary>Why <paramref name="token"/> cannot be sent, or null when it can. Never contains the token.</summary>
    public static string? Problem(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "it is empty";
        }

        if (token.Length > MaxLength)
        {
            return $"it is {token.Length} characters long, above the {MaxLength}-character limit";
        }

        foreach (var c in token)
        {
            if (!IsCookieOctet(c))
            {
                return c switch
                {
                    '\r' or '\n' => "it contains a line break, which would start another request header",
                    ';' => "it contains ';', which would add another cookie",
                    < ' ' or '\u007F' => "it contains a control character",
                    > '\u007F' => "it contains a non-ASCII character",
                    _ => "it contains a space, quote, comma or backslash, which a cookie value cannot hold",
                };
            }
        }

        return null;
    }

    /// <summary>Throws when <paramref name="token"/> cannot be sent in a Cookie header.</summary>
    /// <exception cref="NanoKvmAuthenticationException">The token breaks the rule; the message says how, not what it is.</exception>
    public static void ThrowIfInvalid(string? token, string endpoint)
    {
        if (Problem(token) is { } problem)
        {
            throw new NanoKvmAuthenticationException(
                $"{endpoint} returned a session token that cannot be sent back in a Cookie header: {problem}. The login is refused; the token is not shown.",
                endpoint, HttpStatusCode.OK, null, null);
        }
    }

    private static bool IsCookieOctet(char c) =>
        c is '\u0021' or (>= '\u0023' and <= '\u002B') or (>= '\u002D' and <= '\u003A') or (>= '\u003C' and <= '\u005B') or (>= '\u005D' and <= '\u007E');
}
