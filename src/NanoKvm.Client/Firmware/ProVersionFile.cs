namespace NanoKvm.Client;

/// <summary>
/// What a NanoKVM-Pro's <c>application</c> field can mean. The server reads <c>/kvmapp/version</c> and answers
/// <c>"1.0.0"</c> when the file is missing (<c>service/vm/info.go</c> @1.2.15), so 1.0.0 says nothing about the
/// release; the SDK then assumes the newest Pro behaviour it knows, as it does for unparsable text.
/// </summary>
internal static class ProVersionFile
{
    public static readonly FirmwareVersion Newest = new(1, 2, 15);

    private static readonly FirmwareVersion MissingFileDefault = new(1, 0, 0);

    public static bool IsPlaceholder(DeviceModel model, FirmwareVersion version) =>
        model == DeviceModel.Pro && version == MissingFileDefault;
}
