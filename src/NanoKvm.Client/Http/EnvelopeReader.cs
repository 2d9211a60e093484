using System.Net;
using System.Text;
using System.Text.Json;

namespace NanoKvm.Client.Http;

/// <summary>
/// Reads the device's <c>{"code","msg","data"}</c> envelope from a reply body. Anything else (a bare string,
/// HTML, truncated JSON) becomes a <see cref="NanoKvmException"/> naming the endpoint, never a JsonException.
/// </summary>
internal static class EnvelopeReader
{
    public readonly record struct Envelope(int Code, string? Message, JsonElement Data);

    public static Envelope Parse(string endpoint, HttpStatusCode status, ReadOnlySpan<byte> body)
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
                $"{endpoint} answered HTTP {(int)status} with a body that is not JSON: {Snippet(body)}",
                endpoint, status, innerException: ex);
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
                    $"{endpoint} answered HTTP {(int)status} without the device's {{code, msg, data}} envelope: {Snippet(body)}",
                    endpoint, status);
            }

            // The AI-control endpoints name the message "message" instead of "msg".
            string? message = null;
            if ((root.TryGetProperty("msg", out var msg) || root.TryGetProperty("message", out msg))
                && msg.ValueKind == JsonValueKind.String)
            {
                message = msg.GetString();
            }

            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return new Envelope(code, message, data);
        }
    }

    /// <summary>Reads a bare JSON string body such as <c>"unauthorized"</c>, or returns the raw text.</summary>
    public static string BareText(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString() ?? string.Empty;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        return Snippet(body);
    }

    public static string Snippet(ReadOnlySpan<byte> body)
    {
        const int Max = 120;
        if (body.IsEmpty)
        {
            return "(empty)";
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, Max)]).ReplaceLineEndings(" ");
        return body.Length > Max ? text + "…" : text;
    }
}
