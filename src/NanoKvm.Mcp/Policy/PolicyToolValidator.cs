using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace NanoKvm.Mcp.Policy;

/// <summary>
/// Checks a policy against the tools the server actually offers, so a typo (<c>nanokvm_clik</c>, an argument
/// the tool does not have, a length limit on a number) stops start-up instead of silently not applying.
/// </summary>
internal static class PolicyToolValidator
{
    public static void Validate(SafetyPolicy policy, IReadOnlyCollection<Tool> tools)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tools);
        var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var (name, entry) in policy.Tools)
        {
            if (!byName.TryGetValue(name, out var tool))
            {
                throw new PolicyFormatException(
                    policy.Source,
                    $"tools.{name}",
                    $"no such tool; this server offers {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}");
            }

            foreach (var rule in entry.Arguments)
            {
                var types = ArgumentTypes(tool.InputSchema, rule.Name);
                if (types is null)
                {
                    throw new PolicyFormatException(policy.Source, rule.Path, $"tool '{name}' has no argument '{rule.Name}'");
                }

                if (rule.IsNumeric && !types.Overlaps(["integer", "number"]))
                {
                    throw new PolicyFormatException(
                        policy.Source, rule.Path, $"min/max need a numeric argument, but '{rule.Name}' is {string.Join("|", types)}");
                }

                if (rule.IsText && !types.Contains("string"))
                {
                    throw new PolicyFormatException(
                        policy.Source, rule.Path, $"max_length/paths need a string argument, but '{rule.Name}' is {string.Join("|", types)}");
                }
            }
        }
    }

    /// <summary>The JSON-schema types of a property, an empty set when unconstrained, or null when there is no such property.</summary>
    private static HashSet<string>? ArgumentTypes(JsonElement schema, string argument)
    {
        if (schema.ValueKind != JsonValueKind.Object ||
            !schema.TryGetProperty("properties", out var properties) ||
            properties.ValueKind != JsonValueKind.Object ||
            !properties.TryGetProperty(argument, out var property))
        {
            return null;
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        if (property.ValueKind == JsonValueKind.Object && property.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                types.Add(type.GetString()!);
            }
            else if (type.ValueKind == JsonValueKind.Array)
            {
                types.UnionWith(type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
            }
        }

        if (types.Count == 0)
        {
            // No declared type (e.g. anyOf): accept any rule rather than guess.
            types.UnionWith(["string", "integer", "number"]);
        }

        return types;
    }
}
