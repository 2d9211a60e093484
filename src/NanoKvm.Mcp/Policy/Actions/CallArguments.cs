using System.Text.Json;

namespace NanoKvm.Mcp.Policy.Actions;

/// <summary>
/// A call's arguments (the tool's declared defaults filled in) and its canonical device, with the small reads the
/// action table needs to say what the call does.
/// </summary>
internal sealed class CallArguments(IReadOnlyDictionary<string, JsonElement> values, string device)
{
    /// <summary>Name of the argument that selects the device; every action carries the canonical device under it.</summary>
    public const string DeviceArgument = "device";

    public string Device { get; } = device;

    /// <summary>Every argument, with the device replaced by its canonical name.</summary>
    public ActionArguments All()
    {
        var all = new ActionArguments(Device);
        foreach (var (name, value) in values)
        {
            if (name != DeviceArgument)
            {
                all.With(name, value);
            }
        }

        return all;
    }

    /// <summary>The named arguments that are present, plus the canonical device.</summary>
    public ActionArguments Pick(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var picked = new ActionArguments(Device);
        foreach (var name in names)
        {
            if (values.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                picked.With(name, value);
            }
        }

        return picked;
    }

    public JsonElement? Raw(string name) =>
        values.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public double? Number(string name) =>
        Raw(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var number) ? number : null;

    public bool Flag(string name) => Raw(name)?.ValueKind == JsonValueKind.True;

    /// <summary>The screen positions named by a pair of arguments, when both are numbers.</summary>
    public IEnumerable<PointerTarget> Target(string xName, string yName)
    {
        if (Number(xName) is { } x && Number(yName) is { } y)
        {
            yield return new PointerTarget(xName, x, y, Flag("normalized"));
        }
    }
}

/// <summary>The arguments one action is checked with, under its reference tool's argument names.</summary>
internal sealed class ActionArguments
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

    public ActionArguments(string device)
    {
        _values[CallArguments.DeviceArgument] = JsonSerializer.SerializeToElement(device);
    }

    public IReadOnlyDictionary<string, JsonElement> Values => _values;

    public ActionArguments With(string name, JsonElement? value)
    {
        if (value is { ValueKind: not JsonValueKind.Null } present)
        {
            _values[name] = present;
        }

        return this;
    }

    public ActionArguments With(string name, string? value) =>
        value is null ? this : With(name, JsonSerializer.SerializeToElement(value));

    public ActionArguments With(string name, double? value) =>
        value is { } number ? With(name, JsonSerializer.SerializeToElement(number)) : this;

    public ActionArguments With(string name, int? value) =>
        value is { } number ? With(name, JsonSerializer.SerializeToElement(number)) : this;

    public ActionArguments With(string name, bool value) => With(name, JsonSerializer.SerializeToElement(value));
}
