using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Tests.Logging;

namespace NanoKvm.Client.Tests.Http;

/// <summary>
/// REST replies from a hostile device: every failure is a NanoKvmException naming the endpoint, and device text in a
/// message or log entry is capped and has its control characters escaped.
/// </summary>
public sealed class HostileReplyTests
{
    private const string Endpoint = "GET /api/vm/info";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HostileDevice> ServeInfoAsync(RequestDelegate reply) =>
        HostileDevice.StartAsync(app => app.MapGet("/api/vm/info", reply));

    [Fact]
    public async Task TruncatedBody_IsANanoKvmException_NotAnHttpIOException()
    {
        await using var server = await ServeInfoAsync(async context =>
        {
            context.Response.ContentLength = 500;
            await context.Response.Body.WriteAsync("{\"code\":0,\"data\":{\"ip"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);

            // Let the client take the headers and the first bytes before the connection goes away under it.
            await Task.Delay(300, context.RequestAborted);
            context.Abort();
        });
        await using var client = server.NewClient();

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => client.Device.GetInfoAsync(Ct));

        Assert.Equal(Endpoint, error.Endpoint);
        Assert.Contains("broke off", error.Message, StringComparison.Ordinal);
        Assert.True(error.InnerException is IOException or HttpRequestException, error.InnerException?.GetType().Name);
    }

    [Fact]
    public async Task DeviceMessageInInvalidUtf8_IsANanoKvmException_WithTheReadablePartKept()
    {
        byte[] body = [.. "{\"code\":-1,\"msg\":\"disk "u8, 0xFF, 0xFE, .. " full\",\"data\":null}"u8];
        await using var server = await ServeInfoAsync(context => context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask());
        await using var client = server.NewClient();

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => client.Device.GetInfoAsync(Ct));

        Assert.Equal(-1, error.DeviceCode);
        Assert.StartsWith("disk ", error.DeviceMessage, StringComparison.Ordinal);
        Assert.EndsWith(" full", error.DeviceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataWithInvalidUtf8_IsANanoKvmException()
    {
        byte[] body = [.. "{\"code\":0,\"msg\":\"success\",\"data\":{\"ips\":[{\"name\":\"eth"u8, 0xC3, 0x28, .. "\",\"addr\":\"1.2.3.4\",\"version\":\"IPv4\",\"type\":\"Wired\"}],\"mdns\":\"kvm\",\"image\":\"\",\"application\":\"2.3.1\",\"deviceKey\":\"k\"}}"u8];
        await using var server = await ServeInfoAsync(context => context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask());
        await using var client = server.NewClient();

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => client.Device.GetInfoAsync(Ct));

        Assert.Equal(Endpoint, error.Endpoint);
    }

    [Fact]
    public async Task HugeHostileDeviceMessage_IsCappedAndEscaped_InTheExceptionAndTheLog()
    {
        const string Forged = "\n2026-12-03 07:00:00 info: Logged in as root\u001b[2J\r";
        var message = "quota" + Forged + new string('x', 2_000_000);
        await using var server = await ServeInfoAsync(context => HostileDevice.Json(context,
            "{\"code\":-7,\"msg\":" + System.Text.Json.JsonSerializer.Serialize(message) + ",\"data\":null}"));
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var client = server.NewClient(c => c.LoggerFactory = loggerFactory);

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => client.Device.GetInfoAsync(Ct));

        Assert.InRange(error.Message.Length, 50, 600);
        Assert.InRange(error.DeviceMessage!.Length, 50, 400);
        foreach (var text in new[] { error.Message, error.DeviceMessage })
        {
            Assert.DoesNotContain('\n', text);
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\u001b', text);
        }

        Assert.Contains(@"quota\n2026-12-03 07:00:00 info: Logged in as root\u001B[2J\r", error.DeviceMessage, StringComparison.Ordinal);
        Assert.Contains("2000", error.DeviceMessage, StringComparison.Ordinal); // says how long the original was
        Assert.All(sink.Entries, e => Assert.DoesNotContain('\u001b', e.AllText));
    }

    [Fact]
    public async Task NonJsonErrorPage_IsQuotedCappedAndEscaped()
    {
        await using var server = await ServeInfoAsync(async context =>
        {
            context.Response.StatusCode = 502;
            await context.Response.WriteAsync("<html>\r\n\u001b]0;owned\u0007" + new string('y', 100_000), context.RequestAborted);
        });
        await using var client = server.NewClient();

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => client.Device.GetInfoAsync(Ct));

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains(@"<html>\r\n\u001B]0;owned\u0007", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Message.Length, 50, 600);
    }
}
