using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Validation;

/// <summary>
/// Finds tool-call arguments that hold an unpaired UTF-16 surrogate (a lone <c>\uD800</c>–<c>\uDFFF</c> escape,
/// which JSON allows but which is not text) before the SDK reads them. Reading such a string throws inside the SDK
/// and the client gets a bare internal error (-32603) without a word about which argument was wrong. Here the value
/// is replaced by an empty string and its path recorded, and <see cref="ArgumentValidationFilter"/> then refuses
/// the call with a tool error naming the argument, before any tool code runs.
/// </summary>
internal static class UnpairedSurrogateFilter
{
    /// <summary>Key in the message's <c>Items</c> under which the paths of the bad arguments are recorded.</summary>
    public const string ItemKey = "nanokvm.unpaired-surrogates";

    public static McpMessageHandler Wrap(McpMessageHandler next) =>
        (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.ToolsCall, Params: JsonObject call }
                && call.TryGetPropertyValue("arguments", out var arguments))
            {
                var bad = new List<string>();
                var cleaned = Clean(arguments, string.Empty, bad);
                if (bad.Count > 0)
                {
                    if (!ReferenceEquals(cleaned, arguments))
                    {
                        call["arguments"] = cleaned;
                    }

                    context.Items[ItemKey] = bad;
                }
            }

            return next(context, cancellationToken);
        };

    /// <summary>The paths recorded for this call, if any.</summary>
    public static IReadOnlyList<string>? Recorded(MessageContext context) =>
        context?.Items.TryGetValue(ItemKey, out var value) is true ? value as IReadOnlyList<string> : null;

    /// <summary>Returns <paramref name="node"/> with every unreadable string replaced by "", recording their paths.</summary>
    private static JsonNode? Clean(JsonNode? node, string path, List<string> bad)
    {
        switch (node)
        {
            case JsonObject obj:
                List<KeyValuePair<string, JsonNode?>> properties;
                try
                {
                    properties = [.. obj];
                }
                catch (InvalidOperationException)
                {
                    // A property name itself is not text: nothing in this object can be trusted.
                    bad.Add(path.Length == 0 ? "arguments" : path);
                    return new JsonObject();
                }

                foreach (var (name, value) in properties)
                {
                    var cleaned = Clean(value, path.Length == 0 ? name : $"{path}.{name}", bad);
                    if (!ReferenceEquals(cleaned, value))
                    {
                        obj[name] = cleaned;
                    }
                }

                return obj;

            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var value = array[i];
                    var cleaned = Clean(value, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), bad);
                    if (!ReferenceEquals(cleaned, value))
                    {
                        array[i] = cleaned;
                    }
                }

                return array;

            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>();
                    return value;
                }
                catch (InvalidOperationException)
                {
                    bad.Add(path);
                    return JsonValue.Create(string.Empty);
                }

            default:
                return node;
        }
    }
}
