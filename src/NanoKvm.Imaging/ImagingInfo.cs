namespace NanoKvm.Imaging;

/// <summary>Placeholder so the project builds before the codec lands.</summary>
internal static class ImagingInfo
{
    public const string Name = "NanoKvm.Imaging";
}
