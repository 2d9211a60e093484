using System.Net;
using System.Text.Json;
using NanoKvm.Client.Http;

namespace NanoKvm.Client.Auth;

/// <summary>
/// Tells the device family before the first login, because the password encoding depends on it. Two anonymous
/// requests that change nothing: <c>GET /api/auth/check</c> is a PiKVM kvmd route (401 JSON with <c>ok</c>) and 404 on
/// every NanoKVM; <c>POST /api/stream/mode</c> is routed on a NanoKVM-Pro (401, or -1 for an empty body from a trusted
/// peer) and gin's 404 on a Cube, where unknown paths are refused before the session check.
/// </summary>
internal static class DeviceFamilyProbe
{
    private const string KvmdCheckPath = "/api/auth/check";
    private const string ProOnlyPath = "/api/stream/mode";

    public static async Task<DeviceModel> ProbeAsync(ApiConnection connection, CancellationToken cancellationToken)
    {
        var kvmd = new ApiRequest(HttpMethod.Get, KvmdCheckPath);
        var check = await connection.SendAnonymousAsync(kvmd, cancellationToken).ConfigureAwait(false);
        ThrowIfRedirected(kvmd.Endpoint, check);
        if (IsKvmdReply(check.Body))
        {
            throw new NanoKvmUnsupportedException(
                $"The device at {connection.BaseAddress} runs PiKVM (kvmd answered {kvmd.Endpoint} with HTTP {(int)check.Status}), not the NanoKVM server: "
                + "a NanoKVM-Pro switched to PiKVM mode speaks the PiKVM API, which this SDK does not. Switch it back to NanoKVM mode "
                + "in the PiKVM web UI or use a PiKVM client.");
        }

        var pro = new ApiRequest(HttpMethod.Post, ProOnlyPath);
        var reply = await connection.SendAnonymousAsync(pro, cancellationToken).ConfigureAwait(false);
        ThrowIfRedirected(pro.Endpoint, reply);
        return reply.Status == HttpStatusCode.NotFound ? DeviceModel.Cube : DeviceModel.Pro;
    }

    private static void ThrowIfRedirected(string endpoint, RawReply reply)
    {
        if ((int)reply.Status is >= 301 and <= 308)
        {
            throw new NanoKvmException(
                $"{endpoint} was redirected (HTTP {(int)reply.Status}) to {reply.Location ?? "another address"}: the device serves HTTPS "
                + "(the NanoKVM-Pro's default, with a self-signed certificate). Configure the https:// address and pin its certificate "
                + "(CertificateFingerprint) or accept it explicitly (AcceptSelfSignedCertificate).",
                endpoint, reply.Status);
        }
    }

    /// <summary>kvmd answers <c>{"ok":…,"result":…}</c>; the NanoKVM's envelope is <c>{code,msg,data}</c> or a bare string.</summary>
    internal static bool IsKvmdReply(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ok", out _)
                && document.RootElement.TryGetProperty("result", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
