namespace NanoKvm.Client.Hid;

/// <summary>
/// The built-in layouts as character → key tables, one line per character: the character, a space, then
/// <c>[Shift+][AltGr+]KeyboardEvent.code</c>. Letters, Enter, Tab and Space are added by <see cref="KeyboardLayout"/>,
/// with the letters a layout moves listed in its swap table.
/// </summary>
internal static class LayoutTables
{
    public static readonly IReadOnlyDictionary<char, string> UsLetterSwaps = new Dictionary<char, string>();

    public static readonly IReadOnlyDictionary<char, string> DeLetterSwaps = new Dictionary<char, string>
    {
        ['y'] = "KeyZ",
        ['z'] = "KeyY",
    };

    public static readonly IReadOnlyDictionary<char, string> FrLetterSwaps = new Dictionary<char, string>
    {
        ['a'] = "KeyQ",
        ['q'] = "KeyA",
        ['z'] = "KeyW",
        ['w'] = "KeyZ",
        ['m'] = "Semicolon",
    };

    public const string Us = """
        1 Digit1
        2 Digit2
        3 Digit3
        4 Digit4
        5 Digit5
        6 Digit6
        7 Digit7
        8 Digit8
        9 Digit9
        0 Digit0
        ! Shift+Digit1
        @ Shift+Digit2
        # Shift+Digit3
        $ Shift+Digit4
        % Shift+Digit5
        ^ Shift+Digit6
        & Shift+Digit7
        * Shift+Digit8
        ( Shift+Digit9
        ) Shift+Digit0
        - Minus
        _ Shift+Minus
        = Equal
        + Shift+Equal
        [ BracketLeft
        { Shift+BracketLeft
        ] BracketRight
        } Shift+BracketRight
        \ Backslash
        | Shift+Backslash
        ; Semicolon
        : Shift+Semicolon
        ' Quote
        " Shift+Quote
        ` Backquote
        ~ Shift+Backquote
        , Comma
        < Shift+Comma
        . Period
        > Shift+Period
        / Slash
        ? Shift+Slash
        """;

    public const string Uk = """
        1 Digit1
        2 Digit2
        3 Digit3
        4 Digit4
        5 Digit5
        6 Digit6
        7 Digit7
        8 Digit8
        9 Digit9
        0 Digit0
        ! Shift+Digit1
        " Shift+Digit2
        £ Shift+Digit3
        $ Shift+Digit4
        € AltGr+Digit4
        % Shift+Digit5
        ^ Shift+Digit6
        & Shift+Digit7
        * Shift+Digit8
        ( Shift+Digit9
        ) Shift+Digit0
        - Minus
        _ Shift+Minus
        = Equal
        + Shift+Equal
        [ BracketLeft
        { Shift+BracketLeft
        ] BracketRight
        } Shift+BracketRight
        # IntlHash
        ~ Shift+IntlHash
        ; Semicolon
        : Shift+Semicolon
        ' Quote
        @ Shift+Quote
        ` Backquote
        ¬ Shift+Backquote
        ¦ AltGr+Backquote
        \ IntlBackslash
        | Shift+IntlBackslash
        , Comma
        < Shift+Comma
        . Period
        > Shift+Period
        / Slash
        ? Shift+Slash
        """;

    // ^ ` ´ are dead keys on every German layout and are left out. ~ (AltGr++) is a plain key on Windows but a
    // dead key on Linux's default "de" variant.
    public const string De = """
        1 Digit1
        2 Digit2
        3 Digit3
        4 Digit4
        5 Digit5
        6 Digit6
        7 Digit7
        8 Digit8
        9 Digit9
        0 Digit0
        ! Shift+Digit1
        " Shift+Digit2
        ² AltGr+Digit2
        § Shift+Digit3
        ³ AltGr+Digit3
        $ Shift+Digit4
        % Shift+Digit5
        & Shift+Digit6
        / Shift+Digit7
        { AltGr+Digit7
        ( Shift+Digit8
        [ AltGr+Digit8
        ) Shift+Digit9
        ] AltGr+Digit9
        = Shift+Digit0
        } AltGr+Digit0
        ß Minus
        ? Shift+Minus
        \ AltGr+Minus
        @ AltGr+KeyQ
        € AltGr+KeyE
        µ AltGr+KeyM
        ü BracketLeft
        Ü Shift+BracketLeft
        + BracketRight
        * Shift+BracketRight
        ~ AltGr+BracketRight
        ö Semicolon
        Ö Shift+Semicolon
        ä Quote
        Ä Shift+Quote
        # IntlHash
        ' Shift+IntlHash
        ° Shift+Backquote
        , Comma
        ; Shift+Comma
        . Period
        : Shift+Period
        - Slash
        _ Shift+Slash
        < IntlBackslash
        > Shift+IntlBackslash
        | AltGr+IntlBackslash
        """;

    // The ^/¨ key is dead and left out; ^ is typed with AltGr+9 instead. ~ and ` (AltGr+2, AltGr+7) are plain on
    // Linux's "fr" layout but dead keys on Windows. Accented capitals need dead keys and are not typeable.
    public const string Fr = """
        & Digit1
        é Digit2
        " Digit3
        ' Digit4
        ( Digit5
        - Digit6
        è Digit7
        _ Digit8
        ç Digit9
        à Digit0
        1 Shift+Digit1
        2 Shift+Digit2
        3 Shift+Digit3
        4 Shift+Digit4
        5 Shift+Digit5
        6 Shift+Digit6
        7 Shift+Digit7
        8 Shift+Digit8
        9 Shift+Digit9
        0 Shift+Digit0
        ~ AltGr+Digit2
        # AltGr+Digit3
        { AltGr+Digit4
        [ AltGr+Digit5
        | AltGr+Digit6
        ` AltGr+Digit7
        \ AltGr+Digit8
        ^ AltGr+Digit9
        @ AltGr+Digit0
        ) Minus
        ° Shift+Minus
        ] AltGr+Minus
        = Equal
        + Shift+Equal
        } AltGr+Equal
        $ BracketRight
        £ Shift+BracketRight
        ¤ AltGr+BracketRight
        ù Quote
        % Shift+Quote
        * IntlHash
        µ Shift+IntlHash
        ² Backquote
        , KeyM
        ? Shift+KeyM
        ; Comma
        . Shift+Comma
        : Period
        / Shift+Period
        ! Slash
        § Shift+Slash
        < IntlBackslash
        > Shift+IntlBackslash
        € AltGr+KeyE
        """;
}
