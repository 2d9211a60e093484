using System.Net;
#if NET9_0_OR_GREATER
using System.Runtime.InteropServices;
#endif
using System.Text.Json;

namespace NanoKvm.Client.Http;

/// <summary>
/// Reads the device's <c>{"code","msg","data"}</c> envelope from a reply body. Anything else (a bare string,
/// HTML, truncated JSON, invalid UTF-8) becomes a <see cref="NanoKvmException"/> naming the endpoint, never a
/// JsonException or InvalidOperationException. Device text that ends up in a message goes through <see cref="DeviceText"/>.
/// </summary>
internal static class EnvelopeReader
{
    public readonly record struct Envelope(int Code, string? Message, JsonElement Data);

    /// <summary>Parses the envelope.</summary>
    /// <param name="endpoint">Named in errors.</param>
    /// <param name="status">Named in errors.</param>
    /// <param name="body">The reply body.</param>
    /// <param name="secret">The body may carry a session token (login): errors then describe it without quoting it.</param>
    public static Envelope Parse(string endpoint, HttpStatusCode status, ReadOnlySpan<byte> body, bool secret = false)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new NanoKvmException(
                $"{endpoint} answered HTTP {(int)status} with a body that is not JSON: {Describe(body, secret)}",
                endpoint, status, innerException: secret ? null : ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("code", out var codeElement)
                || codeElement.ValueKind != JsonValueKind.Number
                || !codeElement.TryGetInt32(out var code))
            {
                throw new NanoKvmException(
                    $"{endpoint} answered HTTP {(int)status} without the device's {{code, msg, data}} envelope: {Describe(body, secret)}",
                    endpoint, status);
            }

            // The AI-control endpoints name the message "message" instead of "msg".
            string? message = null;
            if ((root.TryGetProperty("msg", out var msg) || root.TryGetProperty("message", out msg))
                && msg.ValueKind == JsonValueKind.String)
            {
                message = ReadText(msg);
            }

            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return new Envelope(code, message, data);
        }
    }

    /// <summary>Reads a bare JSON string body such as <c>"unauthorized"</c>, or returns the raw text; cleaned either way.</summary>
    public static string BareText(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                return DeviceText.Clean(reader.GetString()) ?? string.Empty;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string in invalid UTF-8: fall through to the raw text.
        }

        return Snippet(body);
    }

    /// <summary>The start of a body, cleaned and capped (<see cref="DeviceText"/>).</summary>
    public static string Snippet(ReadOnlySpan<byte> body) => body.IsEmpty ? "(empty)" : DeviceText.Clean(body);

    /// <summary>A body for an error message: its start, or only its size when it may hold a secret.</summary>
    public static string Describe(ReadOnlySpan<byte> body, bool secret) =>
        secret ? $"({body.Length} bytes, not shown: a login reply can carry the session token)" : Snippet(body);

    // A JSON string in invalid UTF-8 cannot become a .NET string; keep what can be read of it instead of failing.
    private static string? ReadText(JsonElement element)
    {
        try
        {
            return DeviceText.Clean(element.GetString());
        }
        catch (InvalidOperationException)
        {
#if NET9_0_OR_GREATER
            var raw = JsonMarshal.GetRawUtf8Value(element);
            return DeviceText.Clean(raw.Length >= 2 ? raw[1..^1] : raw); // without the quotes; escapes stay as sent
#else
            return "(a message in invalid UTF-8)";
#endif
        }
    }
}
