namespace NanoKvm.Emulator.Host.Screen;

/// <summary>The fixed text of each <see cref="ScreenScene"/>, and how the typed text joins it.</summary>
internal static class SceneText
{
    private static readonly string[] Bios =
    [
        "Main   Advanced   Boot   Security   Save & Exit",
        string.Empty,
        "BIOS Version        2.17.1249",
        "Build Date          10/21/2024",
        "Processor           Intel Core i5 Processor",
        "Total Memory        16384 MB",
        "Boot Option 1       [Ubuntu]",
        "Boot Option 2       [Network]",
        string.Empty,
        "Press F10 to Save and Exit, Esc to Discard",
        string.Empty,
    ];

    private static readonly string[] Login =
    [
        "Ubuntu 24.04 LTS nanokvm tty1",
        string.Empty,
    ];

    /// <summary>The text shown below the caption bar: the scene's lines with the typed transcript joined in.</summary>
    public static string Compose(ScreenScene scene, string transcript) => scene switch
    {
        ScreenScene.BiosSetup => string.Join('\n', Bios) + '\n' + transcript,
        ScreenScene.LoginPrompt => string.Join('\n', Login) + "\nnanokvm login: " + transcript,
        _ => transcript,
    };
}
