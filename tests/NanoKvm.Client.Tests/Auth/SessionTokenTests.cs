using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Tests.Logging;
using NanoKvm.Client.Tests.Video;

namespace NanoKvm.Client.Tests.Auth;

/// <summary>
/// The device-issued token is checked before it goes into a Cookie header, and never appears in a message or a log
/// entry — also when the login reply is malformed.
/// </summary>
public sealed class SessionTokenTests
{
    private const string Secret = "S3cr3tT0k3nValue";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> PoisonedTokens => new()
    {
        { Secret + "\r\nX-Injected: yes", "line break" },
        { Secret + "; admin=1", "';'" },
        { Secret + new string('A', 4 * 1024 * 1024), "limit" },
        { Secret + " spaced", "space" },
        { Secret + "\u0007", "control" },
        { Secret + "é", "non-ASCII" },
    };

    [Theory]
    [MemberData(nameof(PoisonedTokens))]
    public async Task PoisonedToken_FailsTheLogin_WithoutSendingOrShowingIt(string token, string reason)
    {
        await using var server = await HostileDevice.StartAsync(
            app => app.MapGet("/api/vm/info", context => HostileDevice.Json(context, "{\"code\":0,\"data\":null}")),
            login: context => HostileDevice.Json(context,
                "{\"code\":0,\"msg\":\"success\",\"data\":{\"token\":" + System.Text.Json.JsonSerializer.Serialize(token) + "}}"));
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var client = server.NewClient(c => c.LoggerFactory = loggerFactory);

        var error = await Assert.ThrowsAsync<NanoKvmAuthenticationException>(() => client.Device.GetInfoAsync(Ct));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        // Only the anonymous pre-login family probe went out; nothing carried the token.
        Assert.All(server.Requests, r => Assert.Null(r.Cookie));
        Assert.DoesNotContain(server.Requests, r => r.Path is not ("/api/auth/check" or "/api/stream/mode"));
        Assert.All(sink.Entries, e => Assert.DoesNotContain(Secret, e.AllText, StringComparison.Ordinal));
    }

    public static TheoryData<string> MalformedLoginReplies => new()
    {
        "{\"token\":\"" + Secret + "\"}", // no envelope
        "{\"code\":0,\"data\":{\"token\":\"" + Secret + "\"", // truncated JSON
        "{\"code\":0,\"data\":{\"token\":[\"" + Secret + "\"]}}", // wrong shape
        "{\"code\":0,\"data\":\"" + Secret + "\"}", // data is the bare token
        "\"" + Secret + "\"",
    };

    [Theory]
    [MemberData(nameof(MalformedLoginReplies))]
    public async Task MalformedLoginReply_NeverQuotesTheToken(string reply)
    {
        await using var server = await HostileDevice.StartAsync(_ => { }, login: context => HostileDevice.Json(context, reply));
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var client = server.NewClient(c => c.LoggerFactory = loggerFactory);

        var error = await Assert.ThrowsAnyAsync<NanoKvmException>(() => client.LoginAsync(Ct));

        Assert.Equal("POST /api/auth/login", error.Endpoint);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.All(sink.Entries, e => Assert.DoesNotContain(Secret, e.AllText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedLoginWithAnErrorStatus_DoesNotQuoteTheBody()
    {
        await using var server = await HostileDevice.StartAsync(_ => { }, login: async context =>
        {
            context.Response.StatusCode = 418;
            await context.Response.WriteAsync("{\"token\":\"" + Secret + "\"}", context.RequestAborted);
        });
        await using var client = server.NewClient();

        var error = await Assert.ThrowsAnyAsync<NanoKvmException>(() => client.LoginAsync(Ct));

        Assert.Equal((System.Net.HttpStatusCode)418, error.StatusCode);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidToken_IsTheOnlyCookie_OnRestAndOnTheMjpegStream()
    {
        var jpeg = TestJpeg.Build(320, 240);
        await using var server = await HostileDevice.StartAsync(app =>
        {
            app.MapGet("/api/vm/info", context => HostileDevice.Json(context, "{\"code\":-1,\"msg\":\"nope\",\"data\":null}"));
            app.MapGet("/api/stream/mjpeg", async context =>
            {
                context.Response.ContentType = "multipart/x-mixed-replace; boundary=frame";
                await context.Response.Body.WriteAsync(TestJpeg.Multipart([jpeg, jpeg], contentLength: true), context.RequestAborted);
            });
        });
        await using var client = server.NewClient();

        await Assert.ThrowsAsync<NanoKvmException>(() => client.Device.GetInfoAsync(Ct));
        await foreach (var frame in client.Video.GetFramesAsync(Ct))
        {
            frame.Dispose();
        }

        Assert.Equal(
            [("/api/vm/info", "nano-kvm-token=" + HostileDevice.DefaultToken), ("/api/stream/mjpeg", "nano-kvm-token=" + HostileDevice.DefaultToken)],
            server.Requests.Where(r => r.Cookie is not null).ToArray());
        Assert.All(server.Requests.Where(r => r.Cookie is null), r => Assert.True(r.Path is "/api/auth/check" or "/api/stream/mode", r.Path));
    }
}
