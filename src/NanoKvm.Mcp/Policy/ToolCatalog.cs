using System.Collections.Frozen;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace NanoKvm.Mcp.Policy;

/// <summary>
/// The argument defaults the server's tools declare in their input schemas. An argument a call leaves out takes its
/// default in the tool, so the policy checks that default too: an allow-list of buttons cannot be passed by omitting
/// the button.
/// </summary>
internal sealed class ToolCatalog
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, JsonElement>> _defaults;

    private ToolCatalog(FrozenDictionary<string, FrozenDictionary<string, JsonElement>> defaults) => _defaults = defaults;

    /// <summary>A catalog without tools: nothing is filled in.</summary>
    public static ToolCatalog Empty { get; } = new(FrozenDictionary<string, FrozenDictionary<string, JsonElement>>.Empty);

    public static ToolCatalog From(IEnumerable<Tool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var defaults = new Dictionary<string, FrozenDictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            var declared = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (tool.InputSchema.ValueKind == JsonValueKind.Object &&
                tool.InputSchema.TryGetProperty("properties", out var properties) &&
                properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Object &&
                        property.Value.TryGetProperty("default", out var value) &&
                        value.ValueKind != JsonValueKind.Null)
                    {
                        declared[property.Name] = value.Clone();
                    }
                }
            }

            defaults[tool.Name] = declared.ToFrozenDictionary(StringComparer.Ordinal);
        }

        return new ToolCatalog(defaults.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The arguments as the tool will use them: those given, and the declared default of each one left out.</summary>
    public IReadOnlyDictionary<string, JsonElement> WithDefaults(string tool, IEnumerable<KeyValuePair<string, JsonElement>>? arguments)
    {
        var effective = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in arguments ?? [])
        {
            effective[name] = value;
        }

        if (_defaults.TryGetValue(tool, out var declared))
        {
            foreach (var (name, value) in declared)
            {
                if (!effective.TryGetValue(name, out var given) || given.ValueKind == JsonValueKind.Null)
                {
                    effective[name] = value;
                }
            }
        }

        return effective;
    }
}
