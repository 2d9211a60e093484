using System.Globalization;
using System.Text.Json;

namespace NanoKvm.Mcp.Policy;

/// <summary>
/// Reads the gateway-style policy JSON strictly: every field is known, typed and in range, or start-up fails
/// with a <see cref="PolicyFormatException"/> naming the field path. A server never runs with a policy it
/// half-understood.
/// </summary>
internal static class PolicyLoader
{
    public const string SupportedVersion = "1";

    /// <summary>Longest window × largest max we keep timestamps for; a bigger max is almost certainly a typo.</summary>
    public const int MaxLimit = 1_000_000;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    public static SafetyPolicy LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFormatException($"Cannot read policy file '{path}': {e.Message}", e);
        }

        return Parse(json, path);
    }

    public static SafetyPolicy Parse(string json, string source = "(inline)")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new PolicyFormatException(
                source,
                "(document)",
                $"not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}");
        }

        using (document)
        {
            return new Reader(source).ReadRoot(document.RootElement);
        }
    }

    private sealed class Reader(string source)
    {
        private readonly Dictionary<string, RateLimitRule> _counters = new(StringComparer.Ordinal);

        public SafetyPolicy ReadRoot(JsonElement root)
        {
            var fields = Fields(root, "(root)", "version", "default", "tools");
            var version = RequiredString(fields, "version", "version");
            if (version != SupportedVersion)
            {
                throw Error("version", $"unsupported version '{version}'; expected \"{SupportedVersion}\"");
            }

            var defaultAction = RequiredString(fields, "default", "default") switch
            {
                "allow" => PolicyAction.Allow,
                "deny" => PolicyAction.Deny,
                _ => throw Error("default", "expected one of allow, deny"),
            };

            var tools = new Dictionary<string, ToolPolicy>(StringComparer.Ordinal);
            if (fields.TryGetValue("tools", out var toolsElement))
            {
                foreach (var (name, value) in Fields(toolsElement, "tools", allowed: null))
                {
                    var path = $"tools.{name}";
                    if (name.Length == 0 || name.Any(char.IsWhiteSpace))
                    {
                        throw Error(path, "tool names are non-empty and contain no spaces");
                    }

                    tools.Add(name, ReadTool(name, value, path));
                }
            }

            return new SafetyPolicy { Default = defaultAction, Tools = tools, Source = source };
        }

        private ToolPolicy ReadTool(string name, JsonElement element, string path)
        {
            var fields = Fields(element, path, "action", "reason", "approve_long_values", "limits", "args");
            var action = PolicyAction.Allow;
            if (fields.TryGetValue("action", out var actionElement))
            {
                action = String(actionElement, $"{path}.action") switch
                {
                    "allow" => PolicyAction.Allow,
                    "deny" => PolicyAction.Deny,
                    "approve" => PolicyAction.Approve,
                    _ => throw Error($"{path}.action", "expected one of allow, deny, approve"),
                };
            }

            string? reason = fields.TryGetValue("reason", out var reasonElement) ? String(reasonElement, $"{path}.reason") : null;

            var approveLongValues = false;
            if (fields.TryGetValue("approve_long_values", out var longElement))
            {
                approveLongValues = Boolean(longElement, $"{path}.approve_long_values");
                if (action != PolicyAction.Approve)
                {
                    throw Error($"{path}.approve_long_values", "only applies to an entry with \"action\": \"approve\"");
                }
            }

            var limits = new List<RateLimitRule>();
            if (fields.TryGetValue("limits", out var limitsElement))
            {
                var index = 0;
                foreach (var item in Array(limitsElement, $"{path}.limits"))
                {
                    limits.Add(ReadLimit(item, $"{path}.limits[{index}]"));
                    index++;
                }
            }

            var arguments = new List<ArgumentRule>();
            if (fields.TryGetValue("args", out var argsElement))
            {
                foreach (var (argName, value) in Fields(argsElement, $"{path}.args", allowed: null))
                {
                    arguments.Add(ReadArgument(argName, value, $"{path}.args.{argName}"));
                }
            }

            return new ToolPolicy
            {
                ToolName = name,
                Action = action,
                Reason = reason,
                ApproveLongValues = approveLongValues,
                Limits = limits,
                Arguments = arguments,
            };
        }

        private RateLimitRule ReadLimit(JsonElement element, string path)
        {
            var fields = Fields(element, path, "counter", "window", "max", "scope");
            var counter = RequiredString(fields, "counter", $"{path}.counter");
            if (counter.Length == 0)
            {
                throw Error($"{path}.counter", "must not be empty");
            }

            var window = RequiredString(fields, "window", $"{path}.window") switch
            {
                "second" => LimitWindow.Second,
                "minute" => LimitWindow.Minute,
                "hour" => LimitWindow.Hour,
                "day" => LimitWindow.Day,
                _ => throw Error($"{path}.window", "expected one of second, minute, hour, day"),
            };

            if (!fields.TryGetValue("max", out var maxElement))
            {
                throw Error($"{path}.max", "required");
            }

            if (maxElement.ValueKind != JsonValueKind.Number || !maxElement.TryGetInt64(out var max))
            {
                throw Error($"{path}.max", "expected a whole number");
            }

            if (max <= 0 || max > MaxLimit)
            {
                throw Error($"{path}.max", $"must be between 1 and {MaxLimit.ToString(CultureInfo.InvariantCulture)}");
            }

            var scope = LimitScope.Grant;
            if (fields.TryGetValue("scope", out var scopeElement))
            {
                scope = String(scopeElement, $"{path}.scope") switch
                {
                    "grant" => LimitScope.Grant,
                    "tool" => LimitScope.Tool,
                    "device" => LimitScope.Device,
                    "global" => LimitScope.Global,
                    _ => throw Error($"{path}.scope", "expected one of grant, tool, device, global"),
                };
            }

            var rule = new RateLimitRule(counter, window, (int)max, scope, path);

            // One counter is one log of calls; two windows or scopes on it would make "shared" mean two things.
            if (_counters.TryGetValue(counter, out var first) && (first.Window != window || first.Scope != scope))
            {
                throw Error(
                    $"{path}.window",
                    $"counter '{counter}' is declared at {first.Path} with window {first.Window.ToPolicyName()} and scope " +
                    $"{first.Scope.ToPolicyName()}; every use of a shared counter needs the same window and scope");
            }

            _counters.TryAdd(counter, rule);
            return rule;
        }

        private ArgumentRule ReadArgument(string name, JsonElement element, string path)
        {
            var fields = Fields(element, path, "required", "values", "min", "max", "max_length", "paths");
            if (fields.Count == 0)
            {
                throw Error(path, "an argument rule needs at least one of required, values, min, max, max_length, paths");
            }

            var required = fields.TryGetValue("required", out var requiredElement) && Boolean(requiredElement, $"{path}.required");

            List<JsonElement>? values = null;
            if (fields.TryGetValue("values", out var valuesElement))
            {
                values = [];
                var index = 0;
                foreach (var value in Array(valuesElement, $"{path}.values"))
                {
                    if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
                    {
                        throw Error($"{path}.values[{index}]", "expected a string, number or boolean");
                    }

                    values.Add(value.Clone());
                    index++;
                }

                if (values.Count == 0)
                {
                    throw Error($"{path}.values", "must list at least one value");
                }
            }

            var min = fields.TryGetValue("min", out var minElement) ? Number(minElement, $"{path}.min") : (double?)null;
            var max = fields.TryGetValue("max", out var maxElement) ? Number(maxElement, $"{path}.max") : (double?)null;
            if (min > max)
            {
                throw Error($"{path}.min", "must not be greater than max");
            }

            int? maxLength = null;
            if (fields.TryGetValue("max_length", out var lengthElement))
            {
                if (lengthElement.ValueKind != JsonValueKind.Number || !lengthElement.TryGetInt32(out var length))
                {
                    throw Error($"{path}.max_length", "expected a whole number");
                }

                if (length <= 0)
                {
                    throw Error($"{path}.max_length", "must be at least 1");
                }

                maxLength = length;
            }

            List<PathPattern>? paths = null;
            if (fields.TryGetValue("paths", out var pathsElement))
            {
                paths = [];
                var index = 0;
                foreach (var item in Array(pathsElement, $"{path}.paths"))
                {
                    var pattern = String(item, $"{path}.paths[{index}]");
                    paths.Add(PathPattern.TryParse(pattern, out var problem) ?? throw Error($"{path}.paths[{index}]", problem!));
                    index++;
                }

                if (paths.Count == 0)
                {
                    throw Error($"{path}.paths", "must list at least one path");
                }
            }

            var rule = new ArgumentRule
            {
                Name = name,
                Path = path,
                Required = required,
                Values = values,
                Min = min,
                Max = max,
                MaxLength = maxLength,
                Paths = paths,
            };

            if (rule.IsNumeric && rule.IsText)
            {
                throw Error(path, "mixes numeric bounds (min/max) with text rules (max_length/paths); an argument is a number or a string, not both");
            }

            return rule;
        }

        private Dictionary<string, JsonElement> Fields(JsonElement element, string path, params string[]? allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, $"expected an object, found {Describe(element)}");
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var fieldPath = path == "(root)" ? property.Name : $"{path}.{property.Name}";
                if (allowed is not null && !allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Error(fieldPath, $"unknown field; expected one of {string.Join(", ", allowed)}");
                }

                if (!fields.TryAdd(property.Name, property.Value))
                {
                    throw Error(fieldPath, "appears more than once");
                }
            }

            return fields;
        }

        private JsonElement.ArrayEnumerator Array(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Array
                ? element.EnumerateArray()
                : throw Error(path, $"expected an array, found {Describe(element)}");

        private string RequiredString(Dictionary<string, JsonElement> fields, string name, string path) =>
            fields.TryGetValue(name, out var element) ? String(element, path) : throw Error(path, "required");

        private string String(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.String
                ? element.GetString()!
                : throw Error(path, $"expected a string, found {Describe(element)}");

        private bool Boolean(JsonElement element, string path) => element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(path, "expected true or false"),
        };

        private double Number(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value)
                ? value
                : throw Error(path, $"expected a number, found {Describe(element)}");

        private PolicyFormatException Error(string path, string problem) => new(source, path, problem);

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => element.ValueKind.ToString(),
        };
    }
}
