using System.Text.Json;

namespace NanoKvm.Emulator.Api;

/// <summary>
/// Reads a JSON request body as gin's binder would: object keys matched case-insensitively, wrong or missing
/// fields reported as "invalid parameters" by the caller.
/// </summary>
internal sealed class RequestBody
{
    private readonly JsonElement _root;

    private RequestBody(JsonElement root)
    {
        _root = root;
    }

    /// <summary>Parses the body; null when it is not a JSON object.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new RequestBody(document.RootElement.Clone())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool Has(string name) => TryGet(name, out _);

    public string? GetString(string name) =>
        TryGet(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public long? GetInt64(string name) =>
        TryGet(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public double? GetDouble(string name) =>
        TryGet(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public bool? GetBoolean(string name) =>
        TryGet(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public bool TryGet(string name, out JsonElement value)
    {
        foreach (var property in _root.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
