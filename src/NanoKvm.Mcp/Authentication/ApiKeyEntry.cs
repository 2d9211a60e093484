namespace NanoKvm.Mcp.Authentication;

/// <summary>One API key as the server stores it: a name and a salted hash, never the key itself.</summary>
/// <param name="Name">The key's name: the audit log's and the policy's <c>grant</c> for every call made with it.</param>
/// <param name="Salt">Random bytes mixed into the hash, so equal keys never share a stored value.</param>
/// <param name="Hash">HMAC-SHA-256 of the key's UTF-8 bytes, keyed by <paramref name="Salt"/>.</param>
internal sealed record ApiKeyEntry(string Name, byte[] Salt, byte[] Hash);
