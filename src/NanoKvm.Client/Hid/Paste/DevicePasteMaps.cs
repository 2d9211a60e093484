using System.Collections.Frozen;

namespace NanoKvm.Client.Hid;

/// <summary>
/// Which characters the device's own paste maps contain (firmware <c>service/hid/paste.go</c>): a US map, plus
/// German and French variants that change some entries and add others. The device silently skips anything else.
/// </summary>
internal static class DevicePasteMaps
{
    private const string UsCharacters =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()\n\t -=[]\\;'`,./_+{}|:\"~<>?";

    private static readonly FrozenSet<char> Us = UsCharacters.ToFrozenSet();
    private static readonly FrozenSet<char> De = (UsCharacters + "äÄöÖüÜß´°§€²³").ToFrozenSet();
    private static readonly FrozenSet<char> Fr = (UsCharacters + "éèçàù¨£µ§°€").ToFrozenSet();

    /// <summary>The device's character set for a paste language (anything but de/fr is the US map).</summary>
    public static FrozenSet<char> For(string language) => language switch
    {
        "de" => De,
        "fr" => Fr,
        _ => Us,
    };
}
