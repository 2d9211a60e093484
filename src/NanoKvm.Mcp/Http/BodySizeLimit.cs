using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace NanoKvm.Mcp.Http;

/// <summary>
/// Refuses a body larger than the limit with 413 before it is read when its length is declared, and caps a chunked
/// body at the same size while it is read (Kestrel then fails the read and the request).
/// </summary>
internal sealed class BodySizeLimit(long maxBytes)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.ContentLength > maxBytes)
        {
            await HttpErrorResponse.WriteAsync(
                context,
                StatusCodes.Status413PayloadTooLarge,
                HttpErrorResponse.TooLarge,
                $"The request body is {context.Request.ContentLength} bytes; this server accepts at most {maxBytes} (--http-max-body).");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        await next(context);
    }
}
