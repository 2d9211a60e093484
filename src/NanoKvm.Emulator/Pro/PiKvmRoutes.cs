namespace NanoKvm.Emulator.Pro;

/// <summary>
/// A NanoKVM-Pro switched to PiKVM mode runs kvmd instead (Pro <c>service/vm/system.go</c>): every <c>/api/*</c> call
/// without kvmd credentials answers 401 with kvmd's <c>{"ok":false,"result":{"error":"UnauthorizedError",…}}</c>
/// (pikvm/kvmd <c>kvmd/htserver.py</c>). Enough to tell the mode apart; the kvmd API itself is not emulated.
/// </summary>
internal static class PiKvmRoutes
{
    public static void MapPiKvmRoutes(this WebApplication app) =>
        app.MapFallback(async context =>
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                """{"ok": false, "result": {"error": "UnauthorizedError", "error_msg": "Unauthorized"}}""", context.RequestAborted);
        });
}
