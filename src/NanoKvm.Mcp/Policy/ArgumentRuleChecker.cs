using System.Globalization;
using System.Text.Json;

namespace NanoKvm.Mcp.Policy;

/// <summary>Checks a call's arguments against the argument rules of its tool.</summary>
internal static class ArgumentRuleChecker
{
    /// <summary>Returns why the argument breaks the rule, or null when it complies.</summary>
    public static string? Check(ArgumentRule rule, IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (arguments is null || !arguments.TryGetValue(rule.Name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return rule.Required ? $"argument '{rule.Name}' is required by policy" : null;
        }

        if (rule.Values is { } values && !values.Any(allowed => SameValue(allowed, value)))
        {
            return $"argument '{rule.Name}' = {Show(value)} is not one of the allowed values {string.Join(", ", values.Select(Show))}";
        }

        if (rule.IsNumeric)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
            {
                return $"argument '{rule.Name}' must be a number";
            }

            if (number < rule.Min || number > rule.Max)
            {
                return $"argument '{rule.Name}' = {Show(value)} is outside the allowed range {Bound(rule.Min)}..{Bound(rule.Max)}";
            }
        }

        if (rule.IsText)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return $"argument '{rule.Name}' must be a string";
            }

            var text = value.GetString()!;
            if (rule.MaxLength is { } maxLength)
            {
                var length = text.EnumerateRunes().Count();
                if (length > maxLength)
                {
                    return $"argument '{rule.Name}' is {length} characters long; the policy allows at most {maxLength}";
                }
            }

            if (rule.Paths is { } paths && !paths.Any(pattern => pattern.Matches(text)))
            {
                return $"argument '{rule.Name}' = \"{text}\" is not an allowed path ({string.Join(", ", paths.Select(p => p.Pattern))})";
            }
        }

        return null;
    }

    private static bool SameValue(JsonElement allowed, JsonElement actual) => (allowed.ValueKind, actual.ValueKind) switch
    {
        (JsonValueKind.String, JsonValueKind.String) => string.Equals(allowed.GetString(), actual.GetString(), StringComparison.Ordinal),
        (JsonValueKind.Number, JsonValueKind.Number) => allowed.GetDouble() == actual.GetDouble(),
        (JsonValueKind.True, JsonValueKind.True) or (JsonValueKind.False, JsonValueKind.False) => true,
        _ => false,
    };

    private static string Show(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? $"\"{value.GetString()}\""
        : value.GetRawText();

    private static string Bound(double? bound) => bound?.ToString(CultureInfo.InvariantCulture) ?? "";
}
