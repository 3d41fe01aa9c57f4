using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Snoop.Analyzers.Tests.Infrastructure;

/// <summary>
/// The assemblies every test compilation sees: the .NET 8 and ASP.NET Core 8 reference packs, and, for fix tests,
/// the real Snoop runtime.
/// </summary>
/// <remarks>
/// The reference packs are <c>PackageDownload</c> items of this project, so <c>dotnet restore</c> brings them into
/// the NuGet package folder and nothing is fetched at test time. Microsoft.CodeAnalysis.Testing's own package
/// resolution is not used: it downloads into a shared temp folder while tests compile in parallel, and the tests
/// that started first saw no ASP.NET Core types. Each set is loaded once (<see cref="Lazy{T}"/>, thread-safe);
/// a missing pack fails every test that needs it with one message that says what to do.
/// </remarks>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_netCore80 =
        new(() => LoadPack("SnoopNetCoreReferencePack", "Microsoft.NETCore.App.Ref"));

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_aspNetCore80 =
        new(() => NetCore80.AddRange(LoadPack("SnoopAspNetCoreReferencePack", "Microsoft.AspNetCore.App.Ref")));

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_netStandard20 =
        new(() => LoadPack("SnoopNetStandard20ReferencePack", "NETStandard.Library"));

    private static readonly Lazy<MetadataReference> s_snoopRuntime = new(() =>
    {
        var path = Metadata("SnoopRuntimeNet8");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The net8.0 build of the Snoop runtime was not found; build the solution first.", path);
        }

        return MetadataReference.CreateFromFile(path);
    });

    /// <summary>
    /// What the verifiers set as <c>ReferenceAssemblies</c>: a target framework with no package, so the testing
    /// library resolves nothing through NuGet. The references themselves are <see cref="AspNetCore80"/>, added
    /// as additional references.
    /// </summary>
    public static ReferenceAssemblies None { get; } = new("net8.0");

    /// <summary>Microsoft.NETCore.App.Ref 8.0.0 (ref/net8.0).</summary>
    public static ImmutableArray<MetadataReference> NetCore80 => s_netCore80.Value;

    /// <summary>Microsoft.NETCore.App.Ref and Microsoft.AspNetCore.App.Ref 8.0.0 (ref/net8.0).</summary>
    public static ImmutableArray<MetadataReference> AspNetCore80 => s_aspNetCore80.Value;

    /// <summary>The net8.0 build of <c>src/Snoop</c>: generated code is compiled against the real runtime.</summary>
    public static MetadataReference SnoopRuntime => s_snoopRuntime.Value;

    /// <summary>NETStandard.Library 2.0.3's reference assemblies (build/netstandard2.0/ref): an older target for fixes that need .NET 8 APIs.</summary>
    public static ImmutableArray<MetadataReference> NetStandard20 => s_netStandard20.Value;

    private static ImmutableArray<MetadataReference> LoadPack(string key, string packageId)
    {
        var folder = Metadata(key);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll") : [];
        if (files.Length == 0)
        {
            throw new InvalidOperationException(
                $"The reference pack {packageId} was not found in '{folder}'. It is a PackageDownload of " +
                "Snoop.Analyzers.Tests and arrives with restore: run 'dotnet restore Snoop.Analyzers.sln' (or the " +
                "README's test command, which restores first), with the same NUGET_PACKAGES as the build.");
        }

        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    private static string Metadata(string key)
        => typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
           ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing: Snoop.Analyzers.Tests.csproj sets it at build time.");
}
