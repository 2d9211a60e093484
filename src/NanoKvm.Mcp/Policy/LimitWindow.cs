namespace NanoKvm.Mcp.Policy;

/// <summary>Length of the sliding window a rate limit counts calls in.</summary>
internal enum LimitWindow
{
    Second,
    Minute,
    Hour,
    Day,
}

internal static class LimitWindowExtensions
{
    public static TimeSpan ToTimeSpan(this LimitWindow window) => window switch
    {
        LimitWindow.Second => TimeSpan.FromSeconds(1),
        LimitWindow.Minute => TimeSpan.FromMinutes(1),
        LimitWindow.Hour => TimeSpan.FromHours(1),
        LimitWindow.Day => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window."),
    };

    public static string ToPolicyName(this LimitWindow window) => window switch
    {
        LimitWindow.Second => "second",
        LimitWindow.Minute => "minute",
        LimitWindow.Hour => "hour",
        LimitWindow.Day => "day",
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window."),
    };
}
