using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>A small compilation against the ASP.NET Core 8 references, for the shared helpers' unit tests.</summary>
internal sealed class Snippet
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    private Snippet(CSharpCompilation compilation, SyntaxTree tree)
    {
        Compilation = compilation;
        Tree = tree;
        Model = compilation.GetSemanticModel(tree);
        Known = KnownTypes.Create(compilation);
    }

    public CSharpCompilation Compilation { get; }

    public SyntaxTree Tree { get; }

    public SemanticModel Model { get; }

    public KnownTypes Known { get; }

    public SyntaxNode Root => Tree.GetRoot();

    /// <summary>Compiles <paramref name="source"/> (after the usings) as a library.</summary>
    public static Snippet Compile(string source, bool withUsings = true)
    {
        var tree = CSharpSyntaxTree.ParseText(withUsings ? Usings + source : source, new CSharpParseOptions(LanguageVersion.CSharp12));
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [tree],
            TestReferences.AspNetCore80,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return new Snippet(compilation, tree);
    }

    /// <summary>The source type <paramref name="name"/>.</summary>
    public INamedTypeSymbol Type(string name)
        => Compilation.GetTypeByMetadataName(name) ?? throw new InvalidOperationException($"No type '{name}'.");

    /// <summary>The operation of the initializer of local <paramref name="local"/> (conversions included).</summary>
    public IOperation Initializer(string local)
    {
        var declarator = Root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(d => d.Identifier.ValueText == local);
        return (Model.GetOperation(declarator.Initializer!) as Microsoft.CodeAnalysis.Operations.IVariableInitializerOperation)?.Value
            ?? throw new InvalidOperationException($"No operation for '{local}'.");
    }

    /// <summary>The operation of the (first) expression whose text is <paramref name="text"/>.</summary>
    public IOperation Expression(string text)
    {
        var node = Root.DescendantNodes().OfType<ExpressionSyntax>().First(e => e.ToString() == text);
        return Model.GetOperation(node) ?? throw new InvalidOperationException($"No operation for '{text}'.");
    }
}
