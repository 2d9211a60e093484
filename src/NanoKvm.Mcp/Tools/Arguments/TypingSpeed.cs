using System.Text.Json.Serialization;
using NanoKvm.Client.Hid;

namespace NanoKvm.Mcp.Tools.Arguments;

/// <summary>How fast key-by-key typing goes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TypingSpeed>))]
internal enum TypingSpeed
{
    /// <summary>The SDK's report pace (10 ms between reports): BIOS/UEFI code that samples the keyboard sees every key.</summary>
    [JsonStringEnumMemberName("safe")]
    Safe,

    /// <summary>No pause between reports: the KVM's queue and the target's USB polling set the pace.</summary>
    [JsonStringEnumMemberName("fast")]
    Fast,
}

/// <summary>What each speed means for the SDK.</summary>
internal static class TypingSpeeds
{
    /// <summary>The text explaining the choice, shared by every tool that takes a speed.</summary>
    public const string Description =
        "safe (default): a pause after every key report, about 35 characters per second — use it for BIOS/UEFI setup, " +
        "boot loaders and other firmware screens, which can miss keys sent faster. fast: the KVM and the target's USB " +
        "polling set the pace, several hundred characters per second — use it for a running operating system " +
        "(desktop, terminal, installer) and long texts.";

    /// <summary>The report pace for <paramref name="speed"/>: null keeps the client's default.</summary>
    public static TimeSpan? Pace(TypingSpeed speed) => speed == TypingSpeed.Fast ? TimeSpan.Zero : null;

    public static string Name(TypingSpeed speed) => speed == TypingSpeed.Fast ? "fast" : "safe";

    /// <summary>Options for key-by-key typing that skips what the layout cannot type.</summary>
    public static TypeTextOptions Options(string layout, TypingSpeed speed) =>
        new() { Layout = layout, Unmappable = UnmappableCharacterHandling.Skip, Pace = Pace(speed) };
}
