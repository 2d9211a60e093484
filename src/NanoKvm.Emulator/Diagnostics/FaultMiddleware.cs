namespace NanoKvm.Emulator.Diagnostics;

/// <summary>Records each request and applies injected faults before routing.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, NanoKvmEmulator emulator)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        emulator.Requests.Add(new RecordedRequest(
            request.Method,
            request.Path.Value ?? string.Empty,
            request.QueryString.Value ?? string.Empty,
            request.Cookies.ContainsKey("nano-kvm-token"),
            request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null,
            emulator.Options.TimeProvider.GetUtcNow())
        {
            Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        });

        var fault = emulator.Faults.Take(request.Path.Value ?? string.Empty);
        switch (fault?.Kind)
        {
            case FaultInjector.FaultKind.Fail:
                context.Response.StatusCode = fault.StatusCode;
                return;
            case FaultInjector.FaultKind.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, which is the point.
                }

                return;
            case FaultInjector.FaultKind.Drop:
                context.Abort();
                return;
            default:
                await next(context);
                return;
        }
    }
}
