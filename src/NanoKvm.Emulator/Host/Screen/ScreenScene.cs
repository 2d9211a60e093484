namespace NanoKvm.Emulator.Host.Screen;

/// <summary>What the virtual host shows besides the pointer; every scene is drawn in a font OCR reads reliably.</summary>
public enum ScreenScene
{
    /// <summary>A caption bar and the typed text (the default).</summary>
    Transcript,

    /// <summary>A firmware setup page (menu bar, version, date, boot order, key help); typed text follows below it.</summary>
    BiosSetup,

    /// <summary>A text console's login prompt; typed text appears after <c>login: </c>.</summary>
    LoginPrompt,
}
