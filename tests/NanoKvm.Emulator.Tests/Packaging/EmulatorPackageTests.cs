using NanoKvm.Tests.Packaging;
namespace NanoKvm.Emulator.Tests.Packaging;

/// <summary>Packs NanoKvm.Emulator once and checks what a user who references it from a test project gets.</summary>
public sealed class EmulatorPackageFixture : IDisposable
{
    public PackedPackage Package { get; } = PackedPackage.Pack(Path.Combine("src", "NanoKvm.Emulator", "NanoKvm.Emulator.csproj"));

    public void Dispose() => Package.Dispose();
}

public sealed class EmulatorPackageTests(EmulatorPackageFixture fixture) : IClassFixture<EmulatorPackageFixture>
{
    private PackedPackage Package => fixture.Package;

    [Fact]
    public void Package_IsALibraryWithItsApiDocumentation()
    {
        Assert.Equal("NanoKvm.Emulator", Package.Metadata("id"));
        Assert.Contains("lib/net10.0/NanoKvm.Emulator.dll", Package.EntryNames);
        Assert.Contains("lib/net10.0/NanoKvm.Emulator.xml", Package.EntryNames);
        var docs = Package.ReadText("lib/net10.0/NanoKvm.Emulator.xml");
        Assert.Contains("M:NanoKvm.Emulator.NanoKvmEmulator.StartAsync", docs, StringComparison.Ordinal);
        Assert.DoesNotContain(Package.EntryNames, n => n.StartsWith("tools/", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_HasReadmeIconAndRepository()
    {
        Assert.Equal("README.md", Package.Metadata("readme"));
        Assert.Equal("icon.png", Package.Metadata("icon"));
        var readme = Package.ReadText("README.md");
        Assert.Contains("NanoKvmEmulator.StartAsync", readme, StringComparison.Ordinal);
        Assert.StartsWith("https://", Package.Metadata("projectUrl"), StringComparison.Ordinal);
        Assert.Contains("testing", Package.Metadata("tags")!.Split(' '));
    }

    [Fact]
    public void Package_DependsOnImagingAndAspNetCore_WithSymbolsOnlyInTheSymbolPackage()
    {
        var dependency = Assert.Single(Package.MetadataElements("dependency"), d => d.Attribute("id")!.Value == "NanoKvm.Imaging");
        Assert.Equal(Package.Metadata("version"), dependency.Attribute("version")!.Value);
        Assert.Contains(Package.MetadataElements("frameworkReference"), f => f.Attribute("name")!.Value == "Microsoft.AspNetCore.App");
        Assert.DoesNotContain(Package.EntryNames, n => n.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.Contains(Package.Siblings, f => f.EndsWith(".snupkg", StringComparison.Ordinal));
        Assert.DoesNotContain(Package.EntryNames, n => n.Contains("runtimes/", StringComparison.Ordinal));
    }
}
