namespace NanoKvm.Client.Power;

/// <summary>Checks and normalizes a MAC address the way the device does before sending a magic packet.</summary>
internal static class MacAddressText
{
    /// <summary>
    /// Accepts 12 hex digits, optionally grouped with <c>:</c>, <c>-</c> or <c>.</c> (e.g. <c>aa-bb-cc-dd-ee-ff</c>,
    /// <c>aabb.ccdd.eeff</c>); returns <c>AA:BB:CC:DD:EE:FF</c>.
    /// </summary>
    public static string Normalize(string mac, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mac, parameterName);
        Span<char> digits = stackalloc char[12];
        var count = 0;
        foreach (var c in mac.AsSpan().Trim())
        {
            if (c is ':' or '-' or '.')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c) || count == 12)
            {
                throw Invalid(mac, parameterName);
            }

            digits[count++] = char.ToUpperInvariant(c);
        }

        if (count != 12)
        {
            throw Invalid(mac, parameterName);
        }

        return string.Create(17, digits.ToArray(), static (span, d) =>
        {
            for (var i = 0; i < 6; i++)
            {
                span[i * 3] = d[i * 2];
                span[(i * 3) + 1] = d[(i * 2) + 1];
                if (i < 5)
                {
                    span[(i * 3) + 2] = ':';
                }
            }
        });
    }

    private static ArgumentException Invalid(string mac, string parameterName) =>
        new($"'{mac}' is not a MAC address: expected 12 hex digits, optionally separated by ':', '-' or '.'.", parameterName);
}
