using System.Text.Json;

namespace NanoKvm.Emulator.Api;

/// <summary>Writes replies the way the device does: the <c>{code,msg,data}</c> envelope and its bare-string exceptions.</summary>
internal static class Envelope
{
    // Property names exactly as given by the anonymous types and dictionaries (the Go structs' json tags).
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static Task Ok(HttpContext context, object? data = null) => Write(context, 200, new { code = 0, msg = "success", data });

    public static Task Fail(HttpContext context, int code, string message) =>
        Write(context, 200, new { code, msg = message, data = (object?)null });

    /// <summary>401 with the bare JSON string <c>"unauthorized"</c>, not an envelope.</summary>
    public static Task Unauthorized(HttpContext context) => Write(context, 401, "unauthorized");

    /// <summary>403 with the bare JSON string <c>"forbidden"</c>.</summary>
    public static Task Forbidden(HttpContext context) => Write(context, 403, "forbidden");

    /// <summary>gin's Recovery after a handler panic: HTTP 500 with an empty body.</summary>
    public static Task Panic(HttpContext context)
    {
        context.Response.StatusCode = 500;
        return Task.CompletedTask;
    }

    public static async Task Write(HttpContext context, int status, object? body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }
}
