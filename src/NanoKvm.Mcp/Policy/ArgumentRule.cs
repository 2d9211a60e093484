using System.Text.Json;

namespace NanoKvm.Mcp.Policy;

/// <summary>Constraints on one argument of one tool. Every constraint that is set must hold.</summary>
internal sealed class ArgumentRule
{
    /// <summary>Argument name as the tool's input schema spells it.</summary>
    public required string Name { get; init; }

    /// <summary>Where the rule sits in the policy file, e.g. <c>tools.nanokvm_power.args.action</c>.</summary>
    public required string Path { get; init; }

    /// <summary>When true a call without this argument is refused; otherwise absent arguments are not checked.</summary>
    public bool Required { get; init; }

    /// <summary>Allowed values (strings, numbers or booleans), compared as JSON values.</summary>
    public IReadOnlyList<JsonElement>? Values { get; init; }

    /// <summary>Inclusive lower bound for a numeric argument.</summary>
    public double? Min { get; init; }

    /// <summary>Inclusive upper bound for a numeric argument.</summary>
    public double? Max { get; init; }

    /// <summary>Longest allowed string, in Unicode characters (scalar values).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Allowed image paths: exact paths or globs under <c>/data/</c>.</summary>
    public IReadOnlyList<PathPattern>? Paths { get; init; }

    /// <summary>True when the rule only makes sense for a numeric argument.</summary>
    public bool IsNumeric => Min is not null || Max is not null;

    /// <summary>True when the rule only makes sense for a string argument.</summary>
    public bool IsText => MaxLength is not null || Paths is not null;
}
