using System.Globalization;
using System.Text.Json;

namespace NanoKvm.Mcp.Validation;

/// <summary>
/// Checks a tool call's arguments against the tool's own input schema before the tool runs: unknown argument
/// names, missing required ones, types, enums and the bounds declared with <c>[Range]</c>/<c>[Length]</c>. The SDK
/// publishes those bounds but does not enforce them; enforcing them here keeps the schema the single source of truth
/// and turns a typo such as <c>as_cd_rom</c> into a clear error instead of a silently ignored argument.
/// </summary>
internal static class ArgumentValidator
{
    /// <summary>Validates <paramref name="arguments"/> against <paramref name="inputSchema"/>.</summary>
    /// <exception cref="ArgumentException">An argument is unknown, missing, of the wrong type or out of bounds; ParamName names it.</exception>
    public static void Validate(JsonElement inputSchema, IDictionary<string, JsonElement>? arguments)
    {
        arguments ??= new Dictionary<string, JsonElement>();
        var properties = inputSchema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        foreach (var (name, value) in arguments)
        {
            if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(name, out var schema))
            {
                var known = properties.ValueKind == JsonValueKind.Object
                    ? string.Join(", ", properties.EnumerateObject().Select(o => o.Name))
                    : string.Empty;
                throw new ArgumentException(
                    known.Length == 0 ? "This tool takes no arguments." : $"Unknown argument. This tool takes: {known}.",
                    name);
            }

            ValidateValue(schema, value, name);
        }

        if (inputSchema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!arguments.ContainsKey(name))
                {
                    throw new ArgumentException("This argument is required.", name);
                }
            }
        }
    }

    private static void ValidateValue(JsonElement schema, JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (AllowsType(schema, "null") || !schema.TryGetProperty("type", out _))
            {
                return;
            }

            throw new ArgumentException("Must not be null.", name);
        }

        if (schema.TryGetProperty("type", out _) && !TypeMatches(schema, value))
        {
            throw new ArgumentException($"Expected {DescribeType(schema)}, got {Describe(value)}.", name);
        }

        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array
            && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
        {
            throw new ArgumentException(
                $"Must be one of {string.Join(", ", options.EnumerateArray().Select(o => o.GetRawText()))}; got {value.GetRawText()}.", name);
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var number = value.GetDouble();
                if (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
                {
                    throw new ArgumentOutOfRangeException(name, Format(number), $"Must be at least {min.GetRawText()}.");
                }

                if (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
                {
                    throw new ArgumentOutOfRangeException(name, Format(number), $"Must be at most {max.GetRawText()}.");
                }

                break;
            case JsonValueKind.String:
                var length = new StringInfoLength(value.GetString()!).Length;
                if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
                {
                    throw new ArgumentException($"Must be at least {minLength.GetInt32()} characters long.", name);
                }

                if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
                {
                    throw new ArgumentException($"Must be at most {maxLength.GetInt32()} characters long; got {length}.", name);
                }

                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
                {
                    throw new ArgumentException($"Must have at least {minItems.GetInt32()} items.", name);
                }

                if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
                {
                    throw new ArgumentException($"Must have at most {maxItems.GetInt32()} items; got {count}.", name);
                }

                if (schema.TryGetProperty("items", out var itemSchema) && itemSchema.ValueKind == JsonValueKind.Object)
                {
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        ValidateValue(itemSchema, item, string.Create(CultureInfo.InvariantCulture, $"{name}[{index++}]"));
                    }
                }

                break;
            case JsonValueKind.Object when schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var path = $"{name}.{property.Name}";
                    if (!properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        throw new ArgumentException(
                            $"Unknown field. Allowed: {string.Join(", ", properties.EnumerateObject().Select(o => o.Name))}.", path);
                    }

                    ValidateValue(propertySchema, property.Value, path);
                }

                if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
                {
                    foreach (var field in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        if (!value.TryGetProperty(field, out _))
                        {
                            throw new ArgumentException("This field is required.", $"{name}.{field}");
                        }
                    }
                }

                break;
        }
    }

    private static bool TypeMatches(JsonElement schema, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => AllowsType(schema, "string"),
        JsonValueKind.True or JsonValueKind.False => AllowsType(schema, "boolean"),
        JsonValueKind.Number => AllowsType(schema, "number") || (AllowsType(schema, "integer") && IsInteger(value)),
        JsonValueKind.Array => AllowsType(schema, "array"),
        JsonValueKind.Object => AllowsType(schema, "object"),
        _ => false,
    };

    private static bool IsInteger(JsonElement value) => value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && Math.Floor(d) == d);

    private static bool AllowsType(JsonElement schema, string type)
    {
        if (!schema.TryGetProperty("type", out var declared))
        {
            return true;
        }

        return declared.ValueKind switch
        {
            JsonValueKind.String => declared.GetString() == type,
            JsonValueKind.Array => declared.EnumerateArray().Any(t => t.GetString() == type),
            _ => true,
        };
    }

    private static string DescribeType(JsonElement schema)
    {
        var declared = schema.GetProperty("type");
        var types = declared.ValueKind == JsonValueKind.Array
            ? declared.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null")
            : [declared.GetString()!];
        return string.Join(" or ", types.Select(t => t switch
        {
            "integer" => "a whole number",
            "number" => "a number",
            "string" => "a string",
            "boolean" => "true or false",
            "array" => "an array",
            "object" => "an object",
            _ => t,
        }));
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.GetRawText(),
    };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts characters as JSON Schema does (code points), not UTF-16 units.</summary>
    private readonly struct StringInfoLength(string text)
    {
        public int Length { get; } = text.EnumerateRunes().Count();
    }
}
