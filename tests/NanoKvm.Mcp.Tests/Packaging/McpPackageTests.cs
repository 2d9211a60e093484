using NanoKvm.Tests.Packaging;
using System.Text.Json;
using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Safety;

namespace NanoKvm.Mcp.Tests.Packaging;

/// <summary>Packs NanoKvm.Mcp once and checks what a user of NuGet, dnx and the MCP registry will get.</summary>
public sealed class McpPackageFixture : IDisposable
{
    public PackedPackage Package { get; } = PackedPackage.Pack(Path.Combine("src", "NanoKvm.Mcp", "NanoKvm.Mcp.csproj"));

    public void Dispose() => Package.Dispose();
}

public sealed class McpPackageTests(McpPackageFixture fixture) : IClassFixture<McpPackageFixture>
{
    private PackedPackage Package => fixture.Package;

    private JsonElement ServerJson => JsonDocument.Parse(Package.ReadText(".mcp/server.json")).RootElement;

    [Fact]
    public void Nuspec_IsADotnetToolAndAnMcpServer()
    {
        var types = Package.MetadataElements("packageType").Select(e => e.Attribute("name")!.Value).ToList();
        Assert.Contains("DotnetTool", types);
        Assert.Contains("McpServer", types);
        Assert.Equal("NanoKvm.Mcp", Package.Metadata("id"));
    }

    [Fact]
    public void Nuspec_NamesReadmeIconRepositoryAndTags()
    {
        Assert.Equal("README.md", Package.Metadata("readme"));
        Assert.Equal("icon.png", Package.Metadata("icon"));
        Assert.Contains("README.md", Package.EntryNames);
        Assert.Contains("icon.png", Package.EntryNames);
        Assert.StartsWith("https://", Package.Metadata("projectUrl"), StringComparison.Ordinal);
        var repository = Package.MetadataElements("repository").Single();
        Assert.StartsWith("https://", repository.Attribute("url")!.Value, StringComparison.Ordinal);
        Assert.Contains("mcp", Package.Metadata("tags")!.Split(' '));
    }

    [Fact]
    public void Readme_HasTheRegistryOwnershipLineAndInstallSnippets()
    {
        var readme = Package.ReadText("README.md");
        Assert.Contains($"mcp-name: {ServerJson.GetProperty("name").GetString()}", readme, StringComparison.Ordinal);
        Assert.Contains("dnx NanoKvm.Mcp --yes", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install -g NanoKvm.Mcp", readme, StringComparison.Ordinal);
        Assert.Contains("--doctor", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerJson_FollowsThe20251211RegistrySchema()
    {
        var server = ServerJson;
        Assert.Equal("https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json", server.GetProperty("$schema").GetString());
        Assert.Matches("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$", server.GetProperty("name").GetString());
        Assert.False(string.IsNullOrWhiteSpace(server.GetProperty("title").GetString()));
        var description = server.GetProperty("description").GetString()!;
        Assert.InRange(description.Length, 1, 100);
        Assert.Equal(Package.Metadata("version"), server.GetProperty("version").GetString());

        var package = Assert.Single(server.GetProperty("packages").EnumerateArray());
        Assert.Equal("nuget", package.GetProperty("registryType").GetString());
        Assert.Equal(Package.Metadata("id"), package.GetProperty("identifier").GetString());
        Assert.Equal(Package.Metadata("version"), package.GetProperty("version").GetString());
        Assert.Equal("stdio", package.GetProperty("transport").GetProperty("type").GetString());
        foreach (var argument in package.GetProperty("packageArguments").EnumerateArray())
        {
            Assert.Equal("named", argument.GetProperty("type").GetString());
            Assert.StartsWith("--", argument.GetProperty("name").GetString(), StringComparison.Ordinal);
        }

        foreach (var variable in package.GetProperty("environmentVariables").EnumerateArray())
        {
            Assert.False(string.IsNullOrWhiteSpace(variable.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(variable.GetProperty("description").GetString()));
            Assert.Equal(JsonValueKind.False, variable.GetProperty("isRequired").ValueKind);
            Assert.True(variable.GetProperty("isSecret").ValueKind is JsonValueKind.True or JsonValueKind.False);
        }

        var remote = Assert.Single(server.GetProperty("remotes").EnumerateArray());
        Assert.Equal("streamable-http", remote.GetProperty("type").GetString());
        Assert.EndsWith("/mcp", remote.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ServerJson_DescribesOnlyVariablesAndArgumentsTheServerReads_AndKeepsThePasswordSecret()
    {
        var package = ServerJson.GetProperty("packages")[0];
        var variables = package.GetProperty("environmentVariables").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("isSecret").GetBoolean());
        var known = typeof(EnvironmentVariables).GetFields().Select(f => (string)f.GetRawConstantValue()!)
            .Concat(typeof(SafetyOptionsParser).GetFields().Where(f => f.IsLiteral && f.Name.EndsWith("Variable", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!))
            .Append("OTEL_EXPORTER_OTLP_ENDPOINT")
            .ToHashSet();
        Assert.All(variables.Keys, name => Assert.Contains(name, known));
        Assert.True(variables[EnvironmentVariables.Password]);
        Assert.False(variables[EnvironmentVariables.Host]);

        foreach (var argument in package.GetProperty("packageArguments").EnumerateArray())
        {
            var name = argument.GetProperty("name").GetString()!;
            Assert.Contains(name, CommandLineParser.Usage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToolFolder_HoldsOnePdbPerAssembly_NoSymbolPackage_NoWindowsOnlyRuntimes_NoEmulatorLauncher()
    {
        var files = Package.EntryNames.Where(n => n.StartsWith("tools/net10.0/any/", StringComparison.Ordinal)).ToList();
        Assert.Contains("tools/net10.0/any/NanoKvm.Mcp.dll", files);
        Assert.Contains("tools/net10.0/any/NanoKvm.Mcp.pdb", files);
        Assert.Equal(files.Count, files.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain(Package.Siblings, f => f.EndsWith(".snupkg", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("/runtimes/win", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".xml", StringComparison.Ordinal) && !f.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.DoesNotContain("tools/net10.0/any/NanoKvm.Emulator", files);
        Assert.DoesNotContain("tools/net10.0/any/NanoKvm.Emulator.runtimeconfig.json", files);
        Assert.Contains("tools/net10.0/any/NanoKvm.Emulator.dll", files);
    }
}

public sealed class HelpTextTests
{
    [Fact]
    public void Help_PointsToDocsByUrl_OnTheRepositoryThePackageNames()
    {
        var docsUrl = typeof(NanoKvm.Mcp.Hosting.ServerApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "DocsUrl").Value!;
        Assert.Contains(docsUrl + "/mcp.md", CommandLineParser.Usage, StringComparison.Ordinal);
        Assert.Contains(docsUrl + "/policy.md", CommandLineParser.Usage, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!/blob/main/)\bdocs/[a-z-]+\.md", CommandLineParser.Usage);
    }
}
