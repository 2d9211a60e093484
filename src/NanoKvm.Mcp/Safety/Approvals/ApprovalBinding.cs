using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>What an approval is for: who asked, which tool on which device, with exactly which arguments.</summary>
/// <param name="Grant">The caller (an API key's name over HTTP).</param>
/// <param name="Tool">The tool called.</param>
/// <param name="Device">The canonical device.</param>
/// <param name="ArgumentsHash">SHA-256 of the arguments in canonical JSON (keys sorted), base64url.</param>
internal sealed record ApprovalBinding(string Grant, string Tool, string Device, string ArgumentsHash)
{
    public static ApprovalBinding For(string grant, string tool, string device, IDictionary<string, JsonElement>? arguments)
    {
        var canonical = Canonical(arguments is null ? new JsonObject() : JsonSerializer.SerializeToNode(arguments));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical?.ToJsonString() ?? "null"));
        return new ApprovalBinding(grant, tool, device, Base64Url.Encode(hash));
    }

    /// <summary>The same value with object keys in ordinal order, so equal arguments hash equally however they were sent.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        null => null,
        _ => node.DeepClone(),
    };
}

/// <summary>Base64url without padding.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? TryDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
