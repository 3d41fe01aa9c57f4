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

    // ------------------------------------------------------------------ BlockFunctionFix: a rewrite of one function

    /// <summary>Whether errors block a rewrite of method <c>M</c> that rewrites the statement <c>rewritten();</c> and relies on <c>buffer</c>.</summary>
    private static bool BlocksFunction(string source, string[]? imports = null, bool withUsings = true)
    {
        var snippet = Snippet.Compile(source, withUsings);
        var method = snippet.Root.DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "M");
        var rewritten = method.DescendantNodes().OfType<ExpressionStatementSyntax>().Where(s => s.ToString().StartsWith("rewritten(", StringComparison.Ordinal)).ToArray();
        return CompileErrors.BlockFunctionFix(snippet.Model, rewritten.Length > 0 ? rewritten[0] : method.Body!, rewritten, ["buffer"], imports ?? [], CancellationToken.None);
    }

    private const string Rewritten = "static void rewritten(object? o = null) { }";

    [Fact]
    public void BlockFunctionFix_NoError_DoesNotBlock()
        => Assert.False(BlocksFunction("public class C { " + Rewritten + " void M() { var buffer = 1; rewritten(); } }"));

    [Fact]
    public void BlockFunctionFix_AnErrorInAnotherMember_DoesNotBlock()
        => Assert.False(BlocksFunction("public class C { " + Rewritten + " IMissing _f = null!; void M() { rewritten(); } void N(IOther o) { missing.Call(); } }"));

    [Fact]
    public void BlockFunctionFix_AnErrorInAStatementTheFixKeeps_DoesNotBlock()
        => Assert.False(BlocksFunction("public class C { " + Rewritten + " void M(IMissing p) { rewritten(); Log.Write(1); } }"));

    [Fact]
    public void BlockFunctionFix_AnErrorInARewrittenStatement_Blocks()
        => Assert.True(BlocksFunction("public class C { " + Rewritten + " void M() { rewritten(missing); } }"));

    [Fact]
    public void BlockFunctionFix_AnErrorInAStatementNamingAReliedOnSymbol_Blocks()
        => Assert.True(BlocksFunction("public class C { " + Rewritten + " void M() { var buffer = 1; rewritten(); Log.Write(buffer); } }"));

    [Fact]
    public void BlockFunctionFix_AFlowError_Blocks()
        => Assert.True(BlocksFunction("public class C { " + Rewritten + " void M() { int x; rewritten(); Console.WriteLine(x); } }"));

    [Fact]
    public void BlockFunctionFix_AnUnresolvedNameDeclaredAsALocalOfTheFunction_Blocks()
        => Assert.True(BlocksFunction("public class C { " + Rewritten + " void M() { { var text = 1; rewritten(); } Console.WriteLine(text); } }"));

    [Fact]
    public void BlockFunctionFix_AnErrorInTheLambdaBeingRewritten_Blocks()
    {
        var snippet = Snippet.Compile("public class C { " + Rewritten + " void M() { Action a = () => { rewritten(); Log.Write(1); }; } }");
        var statement = snippet.Root.DescendantNodes().OfType<ExpressionStatementSyntax>().First(s => s.ToString().StartsWith("rewritten(", StringComparison.Ordinal));
        Assert.True(CompileErrors.BlockFunctionFix(snippet.Model, statement, [statement], [], [], CancellationToken.None));
    }

    [Fact]
    public void BlockFunctionFix_ASyntaxErrorAnywhereInTheFile_Blocks()
        => Assert.True(BlocksFunction("public class C { " + Rewritten + " void M() { rewritten(); } } public class D { int N() => 1 }"));

    [Fact]
    public void BlockFunctionFix_AnUnresolvedNameAnImportedNamespaceWouldResolve_Blocks()
    {
        const string source = "using System; public class C { " + Rewritten + " void M() { rewritten(); } StringBuilder N() => null!; }";
        Assert.True(BlocksFunction(source, ["System.Text"], withUsings: false));
        Assert.False(BlocksFunction(source, ["System.IO"], withUsings: false));
    }

    // ------------------------------------------------------------------ BlockTypeFix: a rewrite of a wrapper class

    private const string WrapperHead = """
        public sealed class Wrapper : Stream
        {
            private readonly Stream _inner;
            public Wrapper(Stream inner) { _inner = inner; }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get; set; }
            public override int Read(byte[] buffer, int offset, int count) => 0;
            public override long Seek(long offset, SeekOrigin origin) => 0;
            public override void SetLength(long value) { }
            public override void Flush() => _inner.Flush();
        """;

    private static bool BlocksType(string members, string head = WrapperHead)
    {
        var snippet = Snippet.Compile(head + members + "\n}\n");
        var type = snippet.Root.DescendantNodes().OfType<ClassDeclarationSyntax>().First(c => c.Identifier.ValueText == "Wrapper");
        return CompileErrors.BlockTypeFix(snippet.Model, type.Identifier.Span, [], [], CancellationToken.None);
    }

    [Fact]
    public void BlockTypeFix_NoError_DoesNotBlock()
        => Assert.False(BlocksType("public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);"));

    [Fact]
    public void BlockTypeFix_AnErrorInAnUnrelatedMethodOrField_DoesNotBlock()
        => Assert.False(BlocksType("private readonly ISink _sink = null!; public void Report(IFormat f) => _sink.Record(f); public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);"));

    [Fact]
    public void BlockTypeFix_AnErrorInAnOverride_Blocks()
        => Assert.True(BlocksType("public override void Write(byte[] buffer, int offset, int count) { Trace(count); _inner.Write(buffer, offset, count); }"));

    [Fact]
    public void BlockTypeFix_AnErrorInAMemberNamedLikeABaseMember_Blocks()
        => Assert.True(BlocksType("public Task WriteAsync(IChunk chunk) => Task.CompletedTask; public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);"));

    [Fact]
    public void BlockTypeFix_AnErrorInAConstructor_Blocks()
        => Assert.True(BlocksType("public Wrapper(Stream inner, IClock clock) : this(inner) { } public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);"));

    [Fact]
    public void BlockTypeFix_AnErrorInAMethodNamingTheInner_Blocks()
        => Assert.True(BlocksType("public void Describe() => _inner.Describe(); public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);"));

    [Fact]
    public void BlockTypeFix_AnErrorInTheBaseList_Blocks()
        => Assert.True(BlocksType(
            "public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);",
            WrapperHead.Replace("public sealed class Wrapper : Stream", "public sealed class Wrapper : Stream, IMissing", StringComparison.Ordinal)));

    [Fact]
    public void BlockTypeFix_AnErrorInANestedTypesMember_DoesNotBlock()
        => Assert.False(BlocksType("private sealed class Helper { public void Write(IMissing m) { } } public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);"));

    [Fact]
    public void BlockTypeFix_AnErrorTypedFieldUsedByAnOverride_Blocks()
        => Assert.True(BlocksType("private readonly ILog _log = null!; public override void Write(byte[] buffer, int offset, int count) { _log.Debug(count); _inner.Write(buffer, offset, count); }"));
}
