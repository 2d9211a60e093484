using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Client;
using NanoKvm.Mcp.Devices;

namespace NanoKvm.Mcp.Errors;

/// <summary>
/// Turns every failure of a tool into a tool error result (<c>isError: true</c>) whose text tells the model what
/// went wrong and what to do about it, so that a bad call never takes the server down and never ends in the SDK's
/// message-less "An error occurred". Protocol misuse (unknown tool) and client cancellation pass through.
/// </summary>
internal static partial class ToolErrorFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            try
            {
                return await next(context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (McpProtocolException)
            {
                throw;
            }
            catch (Exception e)
            {
                var tool = context.Params?.Name ?? "?";
                var device = DeviceName(context);
                var logger = context.Services?.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
                    ? factory.CreateLogger("NanoKvm.Mcp.Tools")
                    : null;
                if (logger is not null)
                {
                    LogToolFailed(logger, tool, device ?? "(default)", e.GetType().Name, e.Message);
                }

                return new CallToolResult
                {
                    IsError = true,
                    Content = [new TextContentBlock { Text = Describe(e, tool, device) }],
                };
            }
        };

    /// <summary>The text the model gets for a failure.</summary>
    public static string Describe(Exception exception, string tool, string? device)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var on = device is null ? string.Empty : $" on device '{device}'";
        var e = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : exception;
        return e switch
        {
            UnknownDeviceException unknown => $"{tool}: {unknown.Message.Split(" (Parameter", 2)[0]} Hint: omit \"device\" to use the default, or call nanokvm_list_devices.",
            ArgumentException argument => InvalidArgument(tool, argument),
            ActionRefusedException refused => $"{tool} refused{on}: {refused.Message} Nothing was sent to the target.",
            JsonException json => $"{tool}: the arguments do not match the tool's input schema: {json.Message}",
            NanoKvmTypingException { InnerException: NanoKvmException cause } typing =>
                $"{Describe(cause, tool, device)} {typing.CharactersSent} of {typing.CharactersTotal} characters had been sent before the failure: " +
                "resume after them instead of typing the whole text again.",
            NanoKvmAccountLockedException locked => DeviceError(tool, on, locked, "The device locked logins from this address after failed attempts; wait for the lock to expire, then check the configured password."),
            NanoKvmAuthenticationException auth => DeviceError(tool, on, auth, "Login was refused: check the user name and password configured for this device (NANOKVM_USER / NANOKVM_PASS, or passwordEnv in the devices file). Retrying will not help."),
            NanoKvmForbiddenException forbidden => DeviceError(tool, on, forbidden, "The configured account is not an administrator; this action needs an admin account."),
            NanoKvmBusyException busy => DeviceError(tool, on, busy, "Another input operation holds the keyboard/mouse (maybe a paste in progress or the device's built-in AI agent); retry in a few seconds."),
            NanoKvmUnsupportedException unsupported => DeviceError(tool, on, unsupported, "This device's firmware does not offer that; see nanokvm_info for its version, or use another tool."),
            NanoKvmTimeoutException timeout => DeviceError(tool, on, timeout, "The device did not answer in time. It may be busy, rebooting or unreachable; check nanokvm_info, then retry."),
            NanoKvmException other => DeviceError(tool, on, other, Hint(other)),
            TimeoutException or OperationCanceledException => $"{tool} timed out{on}. The device may be busy, rebooting or unreachable; check nanokvm_info, then retry.",
            HttpRequestException http => $"{tool} could not reach the device{on}: {http.Message} Hint: check the address and that the NanoKVM is powered and on the network.",
            ObjectDisposedException => $"{tool}: the server is shutting down.",
            _ => $"{tool} failed{on}: {e.GetType().Name}: {e.Message}",
        };
    }

    private static string InvalidArgument(string tool, ArgumentException e)
    {
        // ArgumentException.Message appends " (Parameter 'x')"; say it our way instead.
        var message = e.Message;
        var suffix = e.ParamName is null ? null : $" (Parameter '{e.ParamName}')";
        if (suffix is not null && message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        if (e is ArgumentOutOfRangeException { ActualValue: { } actual } && !message.Contains("got", StringComparison.Ordinal))
        {
            message = string.Create(CultureInfo.InvariantCulture, $"{message.TrimEnd('.')}; got {actual}.");
        }

        var firstLine = message.Split('\n', 2)[0].Trim();
        return e.ParamName is null
            ? $"{tool}: invalid arguments: {firstLine}"
            : $"{tool}: invalid argument '{e.ParamName}': {firstLine}";
    }

    private static string DeviceError(string tool, string on, NanoKvmException e, string hint)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{tool} failed{on}: {e.Message.TrimEnd('.')}.");
        var details = new List<string>();
        if (e.Endpoint is { } endpoint)
        {
            details.Add($"endpoint {endpoint}");
        }

        if (e.StatusCode is { } status)
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}"));
        }

        if (e.DeviceCode is { } code)
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"device code {code}"));
        }

        if (!string.IsNullOrEmpty(e.DeviceMessage) && !e.Message.Contains(e.DeviceMessage, StringComparison.Ordinal))
        {
            details.Add($"device says \"{e.DeviceMessage}\"");
        }

        if (details.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", details).Append(").");
        }

        text.Append(" Hint: ").Append(hint);
        return text.ToString();
    }

    private static string Hint(NanoKvmException e) => e.StatusCode switch
    {
        System.Net.HttpStatusCode.NotFound => "The device does not have this endpoint; its firmware may be older or newer than expected (see nanokvm_info).",
        >= System.Net.HttpStatusCode.InternalServerError => "The device reported an internal error; retry once, and if it persists check the device's web UI.",
        null when e.InnerException is HttpRequestException or System.Net.Sockets.SocketException => "The device could not be reached; check the address and that the NanoKVM is powered and on the network.",
        _ => "Check the arguments and the device state, then retry.",
    };

    private static string? DeviceName(RequestContext<CallToolRequestParams> context)
    {
        if (context.Params?.Arguments is { } arguments
            && arguments.TryGetValue("device", out var value)
            && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } name)
        {
            return name;
        }

        return context.Services?.GetService(typeof(DeviceRegistry)) is DeviceRegistry registry ? registry.Default.Name : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Tool} failed on {Device}: {ExceptionType}: {Message}")]
    private static partial void LogToolFailed(ILogger logger, string tool, string device, string exceptionType, string message);
}
