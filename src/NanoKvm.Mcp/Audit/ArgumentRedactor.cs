using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NanoKvm.Mcp.Audit;

/// <summary>
/// Replaces typed text and secrets in tool arguments with <c>{"redacted":true,"length":N,"sha256_8":"…"}</c>,
/// at any depth (batch actions nest their text). <c>text</c> and <c>content</c> are shown in full only when
/// full text is asked for; anything whose name contains <c>pass</c>, <c>secret</c> or <c>token</c> is never shown.
/// </summary>
internal static class ArgumentRedactor
{
    private static readonly string[] AlwaysSecret = ["pass", "secret", "token"];
    private static readonly string[] TypedText = ["text", "content"];

    public static bool IsSecret(string name) =>
        AlwaysSecret.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase));

    public static bool ShouldRedact(string name, bool fullText) =>
        IsSecret(name) || (!fullText && TypedText.Any(t => string.Equals(name, t, StringComparison.OrdinalIgnoreCase)));

    public static void WriteArguments(Utf8JsonWriter writer, IDictionary<string, JsonElement>? arguments, bool fullText)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (arguments is not null)
        {
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, name, value, fullText);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, JsonElement value, bool fullText)
    {
        if (ShouldRedact(name, fullText) && value.ValueKind != JsonValueKind.Null)
        {
            WriteRedacted(writer, value);
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteValue(writer, property.Name, property.Value, fullText);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    // A secret-named array was redacted whole above; objects inside other arrays are checked by their own names.
                    WriteValue(writer, name, item, fullText);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static void WriteRedacted(Utf8JsonWriter writer, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        writer.WriteStartObject();
        writer.WriteBoolean("redacted", true);
        writer.WriteNumber("length", Length(value));
        writer.WriteString("sha256_8", Convert.ToHexString(hash, 0, 4).ToLower(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    /// <summary>Length of a value in Unicode characters (of its JSON text when it is not a string).</summary>
    public static int Length(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!.EnumerateRunes().Count()
        : value.GetRawText().Length;
}
