namespace NanoKvm.Mcp.Errors;

/// <summary>
/// Renames the parameter in an SDK <see cref="ArgumentException"/> to the tool argument the model actually sent
/// (e.g. the SDK's <c>macAddress</c> is the tool's <c>mac</c>), so error messages point at the right argument.
/// </summary>
internal static class ArgumentNames
{
    public static async Task RenameAsync(Func<Task> call, string sdkName, string toolName)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
        }
        catch (ArgumentException e) when (e.ParamName == sdkName)
        {
            throw Renamed(e, toolName);
        }
    }

    public static async Task<T> RenameAsync<T>(Func<Task<T>> call, string sdkName, string toolName)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (ArgumentException e) when (e.ParamName == sdkName)
        {
            throw Renamed(e, toolName);
        }
    }

    private static ArgumentException Renamed(ArgumentException e, string toolName)
    {
        var suffix = $" (Parameter '{e.ParamName}')";
        var message = e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
        return e is ArgumentOutOfRangeException range
            ? new ArgumentOutOfRangeException(toolName, range.ActualValue, message)
            : new ArgumentException(message, toolName, e);
    }
}
