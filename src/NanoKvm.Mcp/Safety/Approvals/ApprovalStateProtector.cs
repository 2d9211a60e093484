using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>
/// The <c>requestState</c> of a multi-round-trip approval (MCP 2026-07-28): the server keeps nothing between the
/// question and the answer, so the state it hands the client says what was asked, and it must come back unchanged.
/// It is signed with HMAC-SHA-256 under a key that never leaves this process, names the caller, tool, device and
/// exact arguments, expires after a few minutes and is accepted once. A server restart invalidates every open state.
/// </summary>
internal sealed class ApprovalStateProtector
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ApprovalStateProtector(TimeProvider time, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Lifetime = lifetime;
    }

    public TimeSpan Lifetime { get; }

    /// <summary>A new state for <paramref name="binding"/>.</summary>
    public string Issue(ApprovalBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var payload = new JsonObject
        {
            ["v"] = 1,
            ["nonce"] = Base64Url.Encode(RandomNumberGenerator.GetBytes(16)),
            ["grant"] = binding.Grant,
            ["tool"] = binding.Tool,
            ["device"] = binding.Device,
            ["args"] = binding.ArgumentsHash,
            ["exp"] = (_time.GetUtcNow() + Lifetime).ToUnixTimeMilliseconds(),
        };
        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return Base64Url.Encode(bytes) + "." + Base64Url.Encode(HMACSHA256.HashData(_key, bytes));
    }

    /// <summary>Accepts a state sent back for <paramref name="binding"/>, once; returns why not, or null when accepted.</summary>
    public string? Redeem(string state, ApprovalBinding binding)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(binding);
        var parts = state.Split('.');
        if (parts.Length != 2 || Base64Url.TryDecode(parts[0]) is not { } bytes || Base64Url.TryDecode(parts[1]) is not { } mac)
        {
            return "it is not a state this server issued";
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, bytes), mac))
        {
            return "its signature does not match (it was altered, or issued before the server restarted)";
        }

        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return "it is not a state this server issued";
        }

        var now = _time.GetUtcNow();
        if (DateTimeOffset.FromUnixTimeMilliseconds(payload["exp"]!.GetValue<long>()) < now)
        {
            return $"it expired (approvals must be answered within {Lifetime.TotalMinutes:0} minutes)";
        }

        if (payload["grant"]!.GetValue<string>() != binding.Grant)
        {
            return "it was issued to another caller";
        }

        if (payload["tool"]!.GetValue<string>() != binding.Tool || payload["device"]!.GetValue<string>() != binding.Device)
        {
            return "it was issued for another tool or device";
        }

        if (payload["args"]!.GetValue<string>() != binding.ArgumentsHash)
        {
            return "the arguments differ from the ones that were shown for approval";
        }

        foreach (var old in _used.Where(u => u.Value < now))
        {
            _used.TryRemove(old.Key, out _);
        }

        return _used.TryAdd(payload["nonce"]!.GetValue<string>(), now + Lifetime)
            ? null
            : "it was already used (every approval is good for one call)";
    }
}
