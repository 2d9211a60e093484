using System.Text.Json;
using ModelContextProtocol.Protocol;
using NanoKvm.Mcp.Policy.Actions;

namespace NanoKvm.Mcp.Policy;

/// <summary>
/// Checks a policy against the tools the server actually offers, so a typo (<c>nanokvm_clik</c>, a tool in the
/// wrong case, an argument the tool does not have, a length limit on a number, an allowed value the tool never
/// takes) stops start-up instead of silently not applying.
/// </summary>
internal static class PolicyToolValidator
{
    /// <exception cref="PolicyFormatException">The first problem found, naming its field path.</exception>
    public static void Validate(SafetyPolicy policy, IReadOnlyCollection<Tool> tools)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tools);
        var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var (name, entry) in policy.Tools)
        {
            var path = $"tools.{name}";
            if (!byName.TryGetValue(name, out var tool))
            {
                var sameLetters = byName.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                throw new PolicyFormatException(
                    policy.Source,
                    path,
                    sameLetters is not null
                        ? $"no such tool; tool names are case-sensitive: did you mean '{sameLetters}'?"
                        : $"no such tool; this server offers {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}");
            }

            if (!ActionTable.Covers(name))
            {
                throw new PolicyFormatException(policy.Source, path, "the server cannot tell what this tool does (it has no action mapping), so it is always refused");
            }

            foreach (var rule in entry.Arguments)
            {
                CheckRule(policy, name, tool, rule);
            }

            if (entry.Action != PolicyAction.Deny)
            {
                CheckReachable(policy, name, path);
            }
        }
    }

    /// <summary>An entry that allows a tool whose every call would be refused is a mistake worth stopping for.</summary>
    private static void CheckReachable(SafetyPolicy policy, string name, string path)
    {
        foreach (var action in ActionTable.AlwaysCountsAs(name).Where(a => a != name))
        {
            if (policy.ActionFor(action) == PolicyAction.Deny)
            {
                var why = policy.Find(action) is null ? "the default denies it" : $"tools.{action}.action denies it";
                throw new PolicyFormatException(
                    policy.Source,
                    path,
                    $"every call of '{name}' also counts as {action}, and {why}, so '{name}' could never run; allow {action} too, or deny '{name}'");
            }
        }
    }

    private static void CheckRule(SafetyPolicy policy, string name, Tool tool, ArgumentRule rule)
    {
        if (Property(tool.InputSchema, rule.Name) is not { } property)
        {
            throw new PolicyFormatException(policy.Source, rule.Path, $"tool '{name}' has no argument '{rule.Name}'");
        }

        var types = Types(property);
        var shown = string.Join("|", types);
        if (types.Overlaps(["array", "object"]) && (rule.Values is not null || rule.IsNumeric || rule.IsText))
        {
            throw new PolicyFormatException(
                policy.Source, rule.Path, $"'{rule.Name}' is {shown}; only \"required\" applies to it (rules check single values)");
        }

        if (rule.IsNumeric && !types.Overlaps(["integer", "number"]))
        {
            throw new PolicyFormatException(policy.Source, rule.Path, $"min/max need a numeric argument, but '{rule.Name}' is {shown}");
        }

        if (rule.IsText && !types.Contains("string"))
        {
            throw new PolicyFormatException(policy.Source, rule.Path, $"max_length/paths need a string argument, but '{rule.Name}' is {shown}");
        }

        var index = 0;
        foreach (var value in rule.Values ?? [])
        {
            var at = $"{rule.Path}.values[{index++}]";
            if (!Fits(value, types))
            {
                throw new PolicyFormatException(policy.Source, at, $"{value.GetRawText()} can never match: '{rule.Name}' is {shown}");
            }

            if (property.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array &&
                !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
            {
                throw new PolicyFormatException(
                    policy.Source,
                    at,
                    $"{value.GetRawText()} is not a value '{name}' accepts for '{rule.Name}' ({string.Join(", ", allowed.EnumerateArray().Where(a => a.ValueKind != JsonValueKind.Null).Select(a => a.GetRawText()))})");
            }
        }
    }

    private static bool Fits(JsonElement value, HashSet<string> types) => value.ValueKind switch
    {
        JsonValueKind.String => types.Contains("string"),
        JsonValueKind.True or JsonValueKind.False => types.Contains("boolean"),
        JsonValueKind.Number => types.Contains("number") ||
            (types.Contains("integer") && value.TryGetDouble(out var number) && Math.Floor(number) == number),
        _ => false,
    };

    private static JsonElement? Property(JsonElement schema, string argument) =>
        schema.ValueKind == JsonValueKind.Object &&
        schema.TryGetProperty("properties", out var properties) &&
        properties.ValueKind == JsonValueKind.Object &&
        properties.TryGetProperty(argument, out var property) &&
        property.ValueKind == JsonValueKind.Object
            ? property
            : null;

    /// <summary>The JSON-schema types of a property, without <c>null</c>; every scalar type when it declares none.</summary>
    private static HashSet<string> Types(JsonElement property)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        if (property.TryGetProperty("type", out var type))
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

        types.Remove("null");
        if (types.Count == 0)
        {
            // No declared type (e.g. anyOf): accept any scalar rule rather than guess.
            types.UnionWith(["string", "integer", "number", "boolean"]);
        }

        return types;
    }
}
