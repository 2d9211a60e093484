using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NanoKvm.Client;

/// <summary>
/// A NanoKVM application version (the <c>application</c> field of <c>GET /api/vm/info</c>, e.g. <c>2.5.0</c>).
/// Ordered, so features can be gated with comparisons.
/// </summary>
/// <param name="Major">Major part.</param>
/// <param name="Minor">Minor part.</param>
/// <param name="Patch">Patch part.</param>
public readonly record struct FirmwareVersion(int Major, int Minor, int Patch) : IComparable<FirmwareVersion>
{
    /// <summary>Parses text such as <c>2.5.0</c>, <c>v2.4.3</c> or <c>2.3.1-beta</c>; anything after the third number is ignored.</summary>
    /// <param name="text">The version text.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException">The text does not start with a dotted version.</exception>
    public static FirmwareVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{text}' is not a NanoKVM application version such as 2.5.0.");
    }

    /// <summary>Tries to parse a version; see <see cref="Parse"/>.</summary>
    /// <param name="text">The version text.</param>
    /// <param name="version">The parsed version.</param>
    /// <returns>True when the text held a version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out FirmwareVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length > 0 && (span[0] == 'v' || span[0] == 'V'))
        {
            span = span[1..];
        }

        Span<int> parts = stackalloc int[3];
        var count = 0;
        while (count < 3)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 6
                || !int.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out parts[count]))
            {
                break;
            }

            count++;
            span = span[digits..];
            if (span.Length == 0 || span[0] != '.')
            {
                break;
            }

            span = span[1..];
        }

        if (count < 2)
        {
            return false;
        }

        version = new FirmwareVersion(parts[0], parts[1], count == 3 ? parts[2] : 0);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(FirmwareVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0)
        {
            return c;
        }

        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    /// <summary>True when <paramref name="left"/> is older than <paramref name="right"/>.</summary>
    public static bool operator <(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is newer than <paramref name="right"/>.</summary>
    public static bool operator >(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is older than or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is newer than or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
