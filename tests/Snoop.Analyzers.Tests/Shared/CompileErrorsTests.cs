using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Tests.Shared;

public class CompileErrorsTests
{
    private static bool ErrorsIn(string source, string method)
    {
        var snippet = Snippet.Compile(source);
        var node = snippet.Root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
        return CompileErrors.In(snippet.Model, node, CancellationToken.None);
    }

    [Fact]
    public void In_ASyntaxErrorCounts()
        => Assert.True(ErrorsIn("public class C { public void M() { var x = 1 } }", "M"));

    [Fact]
    public void In_ASemanticErrorCounts()
        => Assert.True(ErrorsIn("public class C { public void M() { missing.Call(); } }", "M"));

    [Fact]
    public void In_WarningsDoNotCount()
        => Assert.False(ErrorsIn("public class C { public void M() { string s = null; } }", "M"));

    [Fact]
    public void In_AnErrorOutsideTheNodeDoesNotCount()
        => Assert.False(ErrorsIn("public class C { public void M() { } public void N() { missing.Call(); } }", "M"));

    [Fact]
    public void InEnclosingType_AnErrorInTheSameTypeCounts()
    {
        var snippet = Snippet.Compile("public class C { public void M() { } public void N() { missing.Call(); } }");
        var m = snippet.Root.DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        Assert.True(CompileErrors.InEnclosingType(snippet.Model, m.Identifier.Span, CancellationToken.None));
    }

    [Fact]
    public void InEnclosingType_AnErrorInAnotherTypeDoesNotCount()
    {
        var snippet = Snippet.Compile("public class C { public void M() { } } public class D { public void N() { missing.Call(); } }");
        var m = snippet.Root.DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        Assert.False(CompileErrors.InEnclosingType(snippet.Model, m.Identifier.Span, CancellationToken.None));
    }

    [Fact]
    public void InEnclosingType_ASpanOutsideTheTreeCounts()
    {
        var snippet = Snippet.Compile("public class C { }");
        Assert.True(CompileErrors.InEnclosingType(snippet.Model, new Microsoft.CodeAnalysis.Text.TextSpan(100_000, 1), CancellationToken.None));
    }

    [Fact]
    public void InEnclosingFunction_AnErrorInTheSameLambdaCounts_OneInAnotherMethodDoesNot()
    {
        var snippet = Snippet.Compile("""
            public class C
            {
                public void M() { Action a = () => { var x = 1; missing.Call(); }; }
                public void N() { other.Call(); }
            }
            """);
        var declarator = snippet.Root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "x");
        Assert.True(CompileErrors.InEnclosingFunction(snippet.Model, declarator, CancellationToken.None));

        var clean = Snippet.Compile("""
            public class C
            {
                public void M() { var x = 1; }
                public void N() { other.Call(); }
            }
            """);
        var cleanDeclarator = clean.Root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "x");
        Assert.False(CompileErrors.InEnclosingFunction(clean.Model, cleanDeclarator, CancellationToken.None));
    }
}
