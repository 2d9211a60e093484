using System.Net;
using System.Text.Json;
using NanoKvm.Mcp.Authentication;

namespace NanoKvm.Mcp.Tests.Http;

/// <summary>No key, a wrong key or a bad header: 401 with a JSON-RPC error, and nothing reaches a tool.</summary>
public sealed class HttpAuthenticationTests
{
    private const string SendKey = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"nanokvm_send_key","arguments":{"key":"a"}}}""";

    public static TheoryData<string> BadAuthorization => new()
    {
        "",
        "Bearer " + ApiKeyHasher.NewKey(),
        "Bearer ",
        "Basic YWxpY2U6c2VjcmV0",
        "Bearer " + HttpHarness.AliceKey[..^1],
    };

    [Theory]
    [MemberData(nameof(BadAuthorization))]
    public async Task Requests_without_a_valid_key_get_401_and_reach_no_tool(string authorization)
    {
        await using var http = await HttpHarness.StartAsync();

        foreach (var body in new[] { HttpHarness.Initialize, SendKey })
        {
            using var response = await http.PostAsync(body, configure: r =>
            {
                if (authorization.Length > 0)
                {
                    r.Headers.TryAddWithoutValidation("Authorization", authorization);
                }
            });

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer realm=\"nanokvm-mcp\"", response.Headers.WwwAuthenticate.ToString());
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error");
            Assert.Equal(-32001, error.GetProperty("code").GetInt32());
            Assert.Contains("key", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(http.Emulator.Host.Keyboard.Reports);
        Assert.Equal(string.Empty, http.Audit.ToString());
    }

    [Fact]
    public async Task The_sdk_client_with_a_wrong_key_fails_to_connect()
    {
        await using var http = await HttpHarness.StartAsync();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => http.ConnectAsync(ApiKeyHasher.NewKey(), "2025-11-25"));

        Assert.Contains("401", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_hashes_are_salted_and_match_only_their_key()
    {
        var key = ApiKeyHasher.NewKey();
        var first = ApiKeyHasher.Hash("a", key);
        var second = ApiKeyHasher.Hash("b", key);
        var store = new ApiKeyStore([first, second with { Name = "b" }]);

        Assert.NotEqual(first.Hash, second.Hash);
        Assert.Equal("a", store.Authenticate(key));
        Assert.Null(store.Authenticate(key + "x"));
        Assert.Null(store.Authenticate(string.Empty));
        Assert.StartsWith(ApiKeyHasher.Prefix, key, StringComparison.Ordinal);
    }
}
