using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Snoop.Analyzers.Tests.Infrastructure;

/// <summary>
/// The test compilations' references come from the restored reference packs and nothing else: a cold machine
/// (empty temp folder) compiles the same code as a warm one, and no test waits on a download.
/// </summary>
public sealed class TestReferencesTests
{
    [Fact]
    public async Task The_verifiers_reference_assemblies_resolve_nothing_through_NuGet()
    {
        var resolved = await TestReferences.None.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);

        Assert.Empty(resolved);
    }

    [Fact]
    public void Every_reference_is_a_file_of_the_restored_packs()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(PathOf(TestReferences.NetCore80[0]))!, "..", "..", "..", ".."));

        Assert.All(TestReferences.AspNetCore80, r => Assert.StartsWith(root, PathOf(r), StringComparison.Ordinal));
        Assert.Contains(TestReferences.NetCore80, r => Path.GetFileName(PathOf(r)) == "System.Runtime.dll");
        Assert.Contains(TestReferences.AspNetCore80, r => Path.GetFileName(PathOf(r)) == "Microsoft.AspNetCore.Http.Abstractions.dll");
        Assert.DoesNotContain(TestReferences.NetCore80, r => Path.GetFileName(PathOf(r)).StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(TestReferences.AspNetCore80, r => PathOf(r).Contains("test-packages", StringComparison.Ordinal));
    }

    [Fact]
    public void Code_using_ASP_NET_Core_and_pipelines_compiles_against_them()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            using System.IO.Pipelines;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Http.Features;

            public static class Probe
            {
                public static PipeWriter Writer(HttpResponse response) => response.BodyWriter;
                public static IHttpResponseBodyFeature? Feature(HttpContext context) => context.Features.Get<IHttpResponseBodyFeature>();
            }
            """);
        var compilation = CSharpCompilation.Create(
            "Probe", [tree], TestReferences.AspNetCore80, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static string PathOf(MetadataReference reference) => ((PortableExecutableReference)reference).FilePath!;
}
