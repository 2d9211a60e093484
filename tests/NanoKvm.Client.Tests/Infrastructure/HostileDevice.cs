using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NanoKvm.Client.Tests.Infrastructure;

/// <summary>
/// A deliberately misbehaving device on 127.0.0.1 (random port), served by Kestrel: each test maps the replies it
/// needs (a lying multipart stream, a truncated body, a poisoned token). Login answers with <see cref="Token"/>
/// unless the test maps its own. Every request's Cookie header is recorded.
/// </summary>
public sealed class HostileDevice : IAsyncDisposable
{
    public const string DefaultToken = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYWRtaW4ifQ.c2lnbmF0dXJl";

    private readonly WebApplication _app;

    private HostileDevice(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    /// <summary>Path and Cookie header of every request after login, in arrival order.</summary>
    public ConcurrentQueue<(string Path, string? Cookie)> Requests { get; } = new();

    public static async Task<HostileDevice> StartAsync(Action<WebApplication> routes, RequestDelegate? login = null, string token = DefaultToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        HostileDevice? device = null;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != "/api/auth/login")
            {
                device!.Requests.Enqueue((context.Request.Path, context.Request.Headers.Cookie.FirstOrDefault()));
            }

            await next(context);
        });
        app.MapPost("/api/auth/login", login ?? (context => context.Response.WriteAsync(
            "{\"code\":0,\"msg\":\"success\",\"data\":{\"token\":\"" + token + "\"}}", context.RequestAborted)));
        routes(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        device = new HostileDevice(app, new Uri(address));
        return device;
    }

    public NanoKvmClient NewClient(Action<NanoKvmClientOptions>? configure = null)
    {
        var options = new NanoKvmClientOptions
        {
            Address = BaseAddress,
            Username = "admin",
            Password = "admin",
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new NanoKvmClient(options);
    }

    /// <summary>Writes a JSON reply body with status 200.</summary>
    public static Task Json(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
