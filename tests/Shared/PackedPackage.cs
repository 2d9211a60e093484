using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace NanoKvm.Tests.Packaging;

/// <summary>
/// Packs a project of this repository with <c>dotnet pack</c> (from the build this test run already made) into a
/// temporary folder and opens the .nupkg as the zip file it is.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private readonly string _folder;

    private PackedPackage(string folder, string nupkgPath)
    {
        _folder = folder;
        NupkgPath = nupkgPath;
        Archive = ZipFile.OpenRead(nupkgPath);
        var nuspecEntry = Archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var nuspec = nuspecEntry.Open();
        Nuspec = XDocument.Load(nuspec);
    }

    public string NupkgPath { get; }

    public ZipArchive Archive { get; }

    public XDocument Nuspec { get; }

    /// <summary>Every other file pack wrote beside the .nupkg (a .snupkg, say).</summary>
    public IReadOnlyList<string> Siblings => Directory.GetFiles(_folder).Where(f => f != NupkgPath).Select(Path.GetFileName).ToList()!;

    public IReadOnlyList<string> EntryNames => Archive.Entries.Select(e => e.FullName).ToList();

    /// <summary>A metadata element of the nuspec, whatever its namespace.</summary>
    public string? Metadata(string name) =>
        Nuspec.Root!.Elements().First(e => e.Name.LocalName == "metadata").Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    public IEnumerable<XElement> MetadataElements(string name) =>
        Nuspec.Descendants().Where(e => e.Name.LocalName == name);

    public string ReadText(string entry)
    {
        using var reader = new StreamReader(Archive.GetEntry(entry)?.Open() ?? throw new InvalidOperationException($"{entry} is not in {NupkgPath}."));
        return reader.ReadToEnd();
    }

    public static PackedPackage Pack(string projectRelativePath)
    {
        var root = RepositoryRoot();
        var folder = Directory.CreateTempSubdirectory("nanokvm-pack-").FullName;

        // The configuration this test assembly was built in, so the pack reuses that build instead of making another.
        var configuration = typeof(PackedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "BuildConfiguration").Value!;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "pack", Path.Combine(root, projectRelativePath), "-c", configuration, "--no-build", "-o", folder, "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet pack {projectRelativePath} did not finish in 5 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack {projectRelativePath} failed ({process.ExitCode}):\n{output.Result}\n{errors.Result}");
        }

        var nupkg = Directory.GetFiles(folder, "*.nupkg").Single();
        return new PackedPackage(folder, nupkg);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NanoKvm.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (NanoKvm.sln) not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        Archive.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
