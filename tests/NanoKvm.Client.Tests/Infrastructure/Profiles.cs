using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Infrastructure;

/// <summary>Theory data: every firmware profile the emulator imitates, by name.</summary>
public sealed class AllProfiles : TheoryData<string>
{
    public AllProfiles()
    {
        foreach (var profile in FirmwareProfile.All)
        {
            Add(profile.Name);
        }
    }
}
