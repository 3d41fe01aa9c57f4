using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.CodeFixes;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>The fixers' postcondition (one home, used by the SNOOP007 rewrite and the delegating-base re-base): a fix never adds a compile error.</summary>
public class FixPreconditionsTests
{
    private const string OneError = "public class C { public int M() => missing; }";

    [Theory]
    [InlineData("public class C { public int M() => 1; }", false)]
    [InlineData(OneError, false)]
    [InlineData("public class C { public int M() => missing + alsoMissing; }", true)]
    public async Task AddsCompileErrors_OnlyWhenTheFixedDocumentHasMoreErrors(string fixedSource, bool expected)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Test", LanguageNames.CSharp)
            .WithMetadataReferences(TestReferences.NetCore80)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var document = project.AddDocument("Test.cs", SourceText.From(OneError));
        var before = (await document.GetSemanticModelAsync())!;
        var fixedDocument = document.WithText(SourceText.From(fixedSource));

        Assert.Equal(expected, await FixPreconditions.AddsCompileErrorsAsync(before, fixedDocument, CancellationToken.None));
    }
}
