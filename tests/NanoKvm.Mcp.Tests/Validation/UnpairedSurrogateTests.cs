using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Validation;

/// <summary>
/// A lone UTF-16 surrogate escape in a string argument (valid JSON, not valid text) is a tool error naming the
/// argument; the server stays up and nothing reaches the device.
/// </summary>
public sealed class UnpairedSurrogateTests
{
    [Theory]
    [InlineData("nanokvm_send_text", """{"text":"ab\uD800cd"}""", "'text'")]
    [InlineData("nanokvm_type_text", """{"text":"\uDC00","speed":"fast"}""", "'text'")]
    [InlineData("nanokvm_send_key", """{"key":"\uD83D"}""", "'key'")]
    [InlineData("nanokvm_batch", """{"actions":[{"action":"key","key":"a"},{"action":"type","text":"x\uDBFF"}]}""", "'actions[1].text'")]
    [InlineData("nanokvm_press_keys", """{"keys":["Enter","\uD800"]}""", "'keys[1]'")]
    public async Task LoneSurrogate_IsAToolErrorNamingTheArgument_AndNothingIsSent(string tool, string arguments, string named)
    {
        await using var session = await RawMcpSession.StartAsync();

        var response = await session.RequestAsync("tools/call", $$"""{"name":"{{tool}}","arguments":{{arguments}}}""");

        var result = response.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean(), response.GetRawText());
        var text = result.GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.Contains($"invalid argument {named}", text, StringComparison.Ordinal);
        Assert.Contains("unpaired UTF-16 surrogate", text, StringComparison.Ordinal);
        Assert.Empty(session.Emulator.Host.Keyboard.Reports);
        Assert.Equal(0, session.Emulator.Requests.Count("/api/hid/paste"));

        // The server is still there, and a proper pair (an emoji) is fine.
        var next = await session.RequestAsync("tools/call", """{"name":"nanokvm_type_text","arguments":{"text":"ok \uD83D\uDE00"}}""");
        Assert.False(next.GetProperty("result").TryGetProperty("isError", out var isError) && isError.GetBoolean(), next.GetRawText());
        Assert.Equal(1, next.GetProperty("result").GetProperty("structuredContent").GetProperty("skipped").GetArrayLength());
    }

    [Fact]
    public async Task LoneSurrogate_InAnArgumentName_IsAToolError()
    {
        await using var session = await RawMcpSession.StartAsync();

        var response = await session.RequestAsync("tools/call", """{"name":"nanokvm_send_text","arguments":{"te\uD800xt":"a"}}""");

        Assert.True(response.GetProperty("result").GetProperty("isError").GetBoolean(), response.GetRawText());
        Assert.Contains("invalid argument 'arguments'", response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(session.Emulator.Host.Keyboard.Reports);
    }
}
