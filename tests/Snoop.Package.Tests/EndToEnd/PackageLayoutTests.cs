using System.Xml.Linq;
using Snoop.Package.Tests.Infrastructure;

namespace Snoop.Package.Tests.EndToEnd;

/// <summary>What <c>dotnet pack src/Snoop</c> puts in the one package.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests(PackageFixture fixture)
{
    [Fact]
    public void The_package_carries_the_runtime_under_lib_and_the_analyzers_and_fixes_under_analyzers()
    {
        var entries = fixture.PackageEntries();

        Assert.Contains("lib/net8.0/Snoop.dll", entries);
        Assert.Contains("lib/net8.0/Snoop.xml", entries);
        Assert.Contains("lib/net10.0/Snoop.dll", entries);
        Assert.Contains("lib/net10.0/Snoop.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/Snoop.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Snoop.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);

        // The analyzers must not leak into lib/ (they would become compile references of the app).
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Snoop.Analyzers", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Snoop.CodeFixes", StringComparison.Ordinal));
    }

    [Fact]
    public void The_nuspec_has_license_readme_repository_and_release_notes()
    {
        var nuspec = XDocument.Parse(fixture.ReadPackageEntry("Snoop.Analyzers.nuspec"));
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("Snoop.Analyzers", metadata.Element(ns + "id")?.Value);
        Assert.Equal(fixture.Version, metadata.Element(ns + "version")?.Value);
        var license = metadata.Element(ns + "license")!;
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "releaseNotes")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://", repository.Attribute("url")?.Value);

        // The runtime needs nothing but the shared framework: no package dependencies for the app to restore.
        Assert.Empty(metadata.Descendants(ns + "dependency"));
        var frameworks = metadata.Element(ns + "frameworkReferences")!.Elements(ns + "group").Select(g => g.Attribute("targetFramework")?.Value ?? "").Order().ToArray();
        Assert.Equal(["net10.0", "net8.0"], frameworks);
    }

    [Fact]
    public async Task Packing_again_gives_a_bit_identical_package()
    {
        var again = Path.Combine(fixture.Root, "feed-again");
        var pack = await DotNet.RunAsync(
            DotNet.RepositoryRoot, null, PackageFixture.CommandTimeout,
            "pack", Path.Combine(DotNet.RepositoryRoot, "src", "Snoop", "Snoop.csproj"),
            "-c", DotNet.Configuration, "--no-build", "-nologo", "-tl:off", "-p:Version=" + fixture.Version, "-o", again);
        Assert.True(pack.Succeeded, pack.ToString());

        var first = await File.ReadAllBytesAsync(fixture.PackagePath);
        var second = await File.ReadAllBytesAsync(Path.Combine(again, Path.GetFileName(fixture.PackagePath)));
        Assert.True(first.AsSpan().SequenceEqual(second), "the two packs differ");
    }
}
