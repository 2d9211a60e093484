using System.Text.Json;
using NanoKvm.Mcp.Tests.Infrastructure;
using NanoKvm.Mcp.Validation;

namespace NanoKvm.Mcp.Tests.Validation;

public sealed class ArgumentValidationTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","properties":{
          "action":{"type":"string","enum":["power","power_long","reset"]},
          "ms":{"type":"integer","minimum":0,"maximum":600000},
          "x":{"type":"number","minimum":0,"maximum":1},
          "text":{"type":["string","null"],"maxLength":3},
          "keys":{"type":"array","items":{"type":"string","enum":["a","b"]},"minItems":1,"maxItems":2},
          "flag":{"type":"boolean"},
          "steps":{"type":"array","items":{"type":"object","properties":{"action":{"type":"string","enum":["move","wait"]},"ms":{"type":"integer","minimum":1}},"required":["action"]}}},
         "required":["action"]}
        """).RootElement;

    private static Dictionary<string, JsonElement> Args(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    [Theory]
    [InlineData("""{"action":"power"}""")]
    [InlineData("""{"action":"reset","ms":600000,"x":1,"text":"äöü","keys":["a","b"],"flag":false}""")]
    [InlineData("""{"action":"reset","ms":5.0,"text":null}""")]
    [InlineData("""{"action":"reset","steps":[{"action":"move"},{"action":"wait","ms":3}]}""")]
    public void ValidArguments_Pass(string json) => ArgumentValidator.Validate(Schema, Args(json));

    [Theory]
    [InlineData("""{"action":"off"}""", "action", "Must be one of \"power\", \"power_long\", \"reset\"")]
    [InlineData("""{"action":"power","ms":-1}""", "ms", "at least 0")]
    [InlineData("""{"action":"power","ms":600001}""", "ms", "at most 600000")]
    [InlineData("""{"action":"power","ms":1.5}""", "ms", "Expected a whole number, got the number 1.5")]
    [InlineData("""{"action":"power","ms":"5"}""", "ms", "Expected a whole number, got a string")]
    [InlineData("""{"action":"power","x":1.01}""", "x", "at most 1")]
    [InlineData("""{"action":"power","text":"abcd"}""", "text", "at most 3 characters")]
    [InlineData("""{"action":"power","keys":[]}""", "keys", "at least 1 items")]
    [InlineData("""{"action":"power","keys":["a","c"]}""", "keys[1]", "Must be one of")]
    [InlineData("""{"action":"power","flag":"yes"}""", "flag", "Expected true or false")]
    [InlineData("""{"action":"power","actoin":"x"}""", "actoin", "Unknown argument. This tool takes: action, ms")]
    [InlineData("""{"ms":1}""", "action", "required")]
    [InlineData("""{"action":null}""", "action", "Must not be null")]
    [InlineData("""{"action":"power","steps":[{"action":"wait","ms":0}]}""", "steps[0].ms", "at least 1")]
    [InlineData("""{"action":"power","steps":[{"action":"move"},{"action":"jump"}]}""", "steps[1].action", "Must be one of")]
    [InlineData("""{"action":"power","steps":[{"ms":5}]}""", "steps[0].action", "required")]
    [InlineData("""{"action":"power","steps":[{"action":"wait","msec":5}]}""", "steps[0].msec", "Unknown field. Allowed: action, ms")]
    public void InvalidArguments_NameTheArgument(string json, string name, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ArgumentValidator.Validate(Schema, Args(json)));

        Assert.Equal(name, e.ParamName);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThroughTheServer_AMisspelledArgument_IsAToolErrorNamingIt_AndNothingIsSent()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_info", new { devcie = "emulator" })).ErrorText();

        Assert.Contains("invalid argument 'devcie': Unknown argument. This tool takes: device", text, StringComparison.Ordinal);
        Assert.Equal(0, mcp.Emulator.Requests.Count());
    }

    [Fact]
    public async Task ThroughTheServer_AWrongType_IsAToolErrorNamingTheArgument()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_list_devices", new { probe = "yes please" })).ErrorText();

        Assert.Contains("invalid argument 'probe': Expected true or false, got a string", text, StringComparison.Ordinal);
    }
}
