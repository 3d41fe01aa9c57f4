using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Snoop.Analyzers.Tests.Infrastructure;

/// <summary>The assemblies every test compilation sees: .NET 8 and ASP.NET Core 8 reference packs, and, for fix tests, the real Snoop runtime.</summary>
public static class TestReferences
{
    public static readonly ReferenceAssemblies AspNetCore80 =
        new ReferenceAssemblies("net8.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.0"), Path.Combine("ref", "net8.0"))
            .AddPackages([new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0")]);

    private static readonly Lazy<MetadataReference> s_snoopRuntime = new(() =>
    {
        var path = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "SnoopRuntimeNet8").Value!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The net8.0 build of the Snoop runtime was not found; build the solution first.", path);
        }

        return MetadataReference.CreateFromFile(path);
    });

    /// <summary>The net8.0 build of <c>src/Snoop</c>: generated code is compiled against the real runtime.</summary>
    public static MetadataReference SnoopRuntime => s_snoopRuntime.Value;
}
