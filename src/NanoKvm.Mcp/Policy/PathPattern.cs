using System.Text;
using System.Text.RegularExpressions;

namespace NanoKvm.Mcp.Policy;

/// <summary>
/// One allowed image path: an exact path (<c>/data/debian.iso</c>), a directory prefix ending in <c>/</c>
/// (<c>/data/images/</c>: anything below it), or a glob (<c>*</c> and <c>?</c> stay within one path segment,
/// <c>**</c> crosses segments). Patterns must lie under <c>/data/</c>, where the device keeps its images.
/// </summary>
internal sealed class PathPattern
{
    public const string Root = "/data/";

    private readonly Regex _regex;

    private PathPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>Parses a pattern; returns an explanation instead when it is not acceptable.</summary>
    public static PathPattern? TryParse(string pattern, out string? problem)
    {
        if (!pattern.StartsWith(Root, StringComparison.Ordinal) || pattern.Length == Root.Length)
        {
            problem = $"path pattern '{pattern}' must name something under {Root}";
            return null;
        }

        if (!IsCanonical(pattern.EndsWith('/') ? pattern[..^1] : pattern))
        {
            problem = $"path pattern '{pattern}' must be a plain absolute path (no '..', '.', '//' or '\\')";
            return null;
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        if (pattern.EndsWith('/'))
        {
            regex.Append(".+");
        }

        regex.Append('$');
        problem = null;
        return new PathPattern(
            pattern,
            new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
    }

    /// <summary>True when <paramref name="path"/> is a canonical absolute path this pattern allows.</summary>
    public bool Matches(string path) => IsCanonical(path) && _regex.IsMatch(path);

    /// <summary>
    /// Only plain absolute paths are compared, so <c>/data/ok/../../etc/shadow</c> cannot slip past a
    /// <c>/data/ok/**</c> pattern.
    /// </summary>
    public static bool IsCanonical(string path)
    {
        if (path.Length < 2 || path[0] != '/' || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var segment in path[1..].Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return false;
            }
        }

        return true;
    }
}
