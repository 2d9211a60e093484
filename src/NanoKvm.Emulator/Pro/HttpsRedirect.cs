namespace NanoKvm.Emulator.Pro;

/// <summary>
/// The Pro's plain-HTTP port when it serves HTTPS (<c>main.go</c> <c>runRedirect</c> @1.2.15): every request gets
/// 307 to the HTTPS address with the same path and query.
/// </summary>
internal sealed class HttpsRedirect(RequestDelegate next, NanoKvmEmulator emulator)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (emulator.HttpRedirectAddress is not { } redirect || context.Connection.LocalPort != redirect.Port)
        {
            return next(context);
        }

        var target = new UriBuilder(emulator.BaseAddress) { Path = context.Request.Path.Value ?? "/", Query = context.Request.QueryString.Value ?? string.Empty };
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = target.Uri.AbsoluteUri;
        return Task.CompletedTask;
    }
}
