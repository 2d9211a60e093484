namespace NanoKvm.Client.Auth;

/// <summary>Finds the session token in <c>Set-Cookie</c> headers (multi-user firmware returns it only there).</summary>
internal static class SetCookieParser
{
    public const string CookieName = "nano-kvm-token";

    public static string? FindToken(IReadOnlyList<string> setCookies)
    {
        foreach (var header in setCookies)
        {
            var span = header.AsSpan();
            var semicolon = span.IndexOf(';');
            var pair = (semicolon < 0 ? span : span[..semicolon]).Trim();
            var equals = pair.IndexOf('=');
            if (equals <= 0 || !pair[..equals].Trim().SequenceEqual(CookieName))
            {
                continue;
            }

            var value = pair[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            // A deletion cookie (logout) carries an empty value.
            if (!value.IsEmpty)
            {
                return value.ToString();
            }
        }

        return null;
    }
}
