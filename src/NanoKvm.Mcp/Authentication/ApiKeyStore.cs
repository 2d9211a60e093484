namespace NanoKvm.Mcp.Authentication;

/// <summary>The keys the HTTP server accepts, each with its name.</summary>
internal sealed class ApiKeyStore
{
    private readonly ApiKeyEntry[] _entries;

    public ApiKeyStore(IEnumerable<ApiKeyEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        var duplicate = _entries.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"API key name '{duplicate.Key}' is used twice; every key needs its own name (it is the caller's identity in the audit log and the policy).");
        }
    }

    public IReadOnlyList<string> Names => [.. _entries.Select(e => e.Name)];

    /// <summary>
    /// The name of the key <paramref name="presented"/> is, or null. Every entry is checked whatever matched, so the
    /// time taken says nothing about which key, or how much of it, was right.
    /// </summary>
    public string? Authenticate(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        string? name = null;
        foreach (var entry in _entries)
        {
            if (ApiKeyHasher.Matches(entry, presented) && name is null)
            {
                name = entry.Name;
            }
        }

        return name;
    }
}
