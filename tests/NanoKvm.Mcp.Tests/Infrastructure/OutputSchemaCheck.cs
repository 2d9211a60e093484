using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace NanoKvm.Mcp.Tests.Infrastructure;

/// <summary>
/// Validates a tool result's structured content against the tool's declared output schema with a real JSON Schema
/// validator (JsonSchema.Net), set up to judge like ajv in the TypeScript SDK's <c>Client.callTool</c>: required
/// properties, <c>type</c> including <c>null</c>, enums, items, <c>additionalProperties</c>, and formats
/// (<c>date-time</c>) validated rather than treated as annotations.
/// </summary>
public static class OutputSchemaCheck
{
    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    /// <summary>What is wrong with <paramref name="document"/> under <paramref name="schema"/>; empty when it is valid.</summary>
    /// <param name="schema">The tool's <c>outputSchema</c>.</param>
    /// <param name="document">The result's <c>structuredContent</c>.</param>
    /// <param name="closed">
    /// Also refuse fields the schema does not declare (as if every object schema said
    /// <c>additionalProperties: false</c>), so a field written without being declared is caught too.
    /// </param>
    public static IReadOnlyList<string> Problems(JsonElement schema, JsonElement document, bool closed = true)
    {
        var effective = closed ? Close(schema) : schema;
        var built = JsonSchema.Build(effective, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var results = built.Evaluate(document, Evaluation);
        if (results.IsValid)
        {
            return [];
        }

        var problems = new List<string>();
        Collect(results, problems);
        return problems.Count > 0 ? problems : ["invalid (no detail reported)"];
    }

    /// <summary>A copy of <paramref name="schema"/> in which every object schema with properties forbids other properties.</summary>
    public static JsonElement Close(JsonElement schema)
    {
        var node = JsonNode.Parse(schema.GetRawText())!;
        CloseNode(node);
        return JsonSerializer.SerializeToElement(node);
    }

    private static void CloseNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.ContainsKey("properties") && !o.ContainsKey("additionalProperties"))
                {
                    o["additionalProperties"] = false;
                }

                foreach (var (_, child) in o.ToList())
                {
                    CloseNode(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    CloseNode(child);
                }

                break;
        }
    }

    private static void Collect(EvaluationResults results, List<string> problems)
    {
        if (results.Errors is { Count: > 0 } errors)
        {
            foreach (var (keyword, message) in errors)
            {
                problems.Add($"{results.InstanceLocation} ({keyword}): {message}");
            }
        }

        foreach (var detail in results.Details ?? [])
        {
            Collect(detail, problems);
        }
    }
}
