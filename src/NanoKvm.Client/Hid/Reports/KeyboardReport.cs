using System.Runtime.CompilerServices;

namespace NanoKvm.Client.Hid.Reports;

/// <summary>The 8-byte boot keyboard report: modifier bits, a reserved byte and six key slots.</summary>
internal struct KeyboardReport
{
    public byte Modifiers;
    public KeySlots Keys;

    public static KeyboardReport Empty => default;

    public readonly int KeyCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < KeyChord.MaxKeys; i++)
            {
                if (Keys[i] != 0)
                {
                    count++;
                }
            }

            return count;
        }
    }

    public readonly bool IsEmpty => Modifiers == 0 && KeyCount == 0;

    /// <summary>Six key usages; 0 = empty slot.</summary>
    [InlineArray(KeyChord.MaxKeys)]
    internal struct KeySlots
    {
        private byte _element;
    }
}
