using System.Reflection;
using System.Text;

namespace NanoKvm.Client.Tests.PublicApi;

/// <summary>
/// Guards the SDK's public surface: every exported member is listed in PublicAPI.txt beside this file. A change
/// writes PublicAPI.received.txt and fails; review it and copy it over PublicAPI.txt when the change is intended.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheCheckedInListing()
    {
        var actual = Describe(typeof(NanoKvmClient).Assembly);
        var folder = ListingFolder();
        var approvedPath = Path.Combine(folder, "PublicAPI.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        var receivedPath = Path.Combine(folder, "PublicAPI.received.txt");
        if (approved != actual)
        {
            File.WriteAllText(receivedPath, actual);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        Assert.True(approved == actual, $"The public API changed. Compare {receivedPath} with {approvedPath}.");
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var typeName = Name(type);
            lines.Add($"{Kind(type)} {typeName}");
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Flags))
            {
                if (Describe(member) is { } description)
                {
                    lines.Add($"{typeName}::{description}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    private static string? Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c when Visible(c) => $"{Access(c)}.ctor({Parameters(c)})",
        MethodInfo m when Visible(m) && !m.IsSpecialName =>
            $"{Access(m)}{(m.IsStatic ? "static " : string.Empty)}{(m.IsVirtual && !m.IsFinal ? "virtual " : string.Empty)}{Name(m.ReturnType)} {m.Name}({Parameters(m)})",
        PropertyInfo p when (p.GetMethod is { } g && Visible(g)) || (p.SetMethod is { } s && Visible(s)) =>
            $"{Name(p.PropertyType)} {p.Name} {{ {Accessors(p)}}}",
        FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly =>
            $"{(f.IsStatic ? "static " : string.Empty)}{(f.IsLiteral ? "const " : string.Empty)}{Name(f.FieldType)} {f.Name}",
        EventInfo e when e.AddMethod is { } a && Visible(a) => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    private static string Accessors(PropertyInfo p)
    {
        var sb = new StringBuilder();
        if (p.GetMethod is { } g && Visible(g))
        {
            sb.Append(Access(g)).Append("get; ");
        }

        if (p.SetMethod is { } s && Visible(s))
        {
            var isInit = s.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            sb.Append(Access(s)).Append(isInit ? "init; " : "set; ");
        }

        return sb.ToString();
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string Access(MethodBase m) => m.IsPublic ? string.Empty : "protected ";

    private static string Parameters(MethodBase m) =>
        string.Join(", ", m.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = default" : string.Empty)}"));

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : t.IsAbstract && t.IsSealed ? "static class"
        : t.IsSealed ? "sealed class" : t.IsAbstract ? "abstract class" : "class";

    private static string Name(Type t)
    {
        if (t.IsGenericParameter)
        {
            return t.Name;
        }

        if (t.IsByRef)
        {
            return "ref " + Name(t.GetElementType()!);
        }

        if (t.IsArray)
        {
            return Name(t.GetElementType()!) + "[]";
        }

        var name = (t.IsNested ? Name(t.DeclaringType!) + "." : t.Namespace + ".") + t.Name;
        if (!t.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var args = string.Join(", ", t.GetGenericArguments().Select(Name));
        return (tick < 0 ? name : name[..tick]) + "<" + args + ">";
    }

    // Found from the repository root rather than [CallerFilePath]: CI builds are deterministic and map source paths to "/_/".
    private static string ListingFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NanoKvm.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "NanoKvm.Client.Tests", "PublicApi");
            }
        }

        throw new InvalidOperationException($"No NanoKvm.sln above {AppContext.BaseDirectory}.");
    }
}
