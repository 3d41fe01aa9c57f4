using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// SNOOP007's fix for a wrapper that observes (hashing, a tee): a <c>ResponseObserver</c> subclass generated from the
/// wrapper class, whose <c>OnWrite</c> runs the per-write logic of the wrapper's <c>Write(ReadOnlySpan&lt;byte&gt;)</c>
/// and which keeps the wrapper's other members (the hash, the log, their getters) without the wrapped stream.
/// Built only from a <see cref="StreamObserverShape"/> (the analyzer reads the same shape to say whether the fix is offered).
/// </summary>
internal sealed class ObserverGeneration
{
    private ObserverGeneration(string name, ClassDeclarationSyntax wrapper, ClassDeclarationSyntax observer, HashSet<string> members, int innerOrdinal)
    {
        Name = name;
        Wrapper = wrapper;
        Observer = observer;
        Members = members;
        InnerOrdinal = innerOrdinal;
    }

    /// <summary>The observer's name.</summary>
    public string Name { get; }

    /// <summary>The wrapper's declaration (the observer goes after it).</summary>
    public ClassDeclarationSyntax Wrapper { get; }

    /// <summary>The generated observer.</summary>
    public ClassDeclarationSyntax Observer { get; }

    /// <summary>The names of the members a caller may still use on the observer.</summary>
    public HashSet<string> Members { get; }

    /// <summary>The position of the wrapped stream among the constructor's parameters (dropped at the install site).</summary>
    public int InnerOrdinal { get; }

    /// <summary>The observer generated from <paramref name="wrapperType"/>; null when <see cref="StreamObserverShape.TryRead"/> finds no observer shape.</summary>
    public static ObserverGeneration? TryBuild(INamedTypeSymbol wrapperType, IMethodSymbol constructor, SemanticModel model, string observerBaseName, CancellationToken cancellationToken)
    {
        if (StreamObserverShape.TryRead(wrapperType, constructor, model, cancellationToken) is not { } shape)
        {
            return null;
        }

        var wrapper = shape.Wrapper;
        var spanWrite = shape.SpanWrite;
        var side = shape.OnWrite;
        var observerName = shape.Name;
        var parameterName = spanWrite.ParameterList.Parameters[0].Identifier.ValueText;
        var onWrite = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
            $"public override void OnWrite(System.ReadOnlySpan<byte> {parameterName})\n{{\n}}")!;
        onWrite = onWrite.WithBody(SyntaxFactory.Block(side.Select(s => s.WithoutLeadingTrivia().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))))
            .WithAdditionalAnnotations(Formatter.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation);

        var renamed = shape.Kept.Select(m => EndWithNewLine(m is ConstructorDeclarationSyntax c ? c.WithIdentifier(SyntaxFactory.Identifier(observerName)).WithAdditionalAnnotations(Formatter.Annotation) : m)).ToList();
        renamed.Add(onWrite);
        var modifiers = SyntaxFactory.TokenList(wrapper.Modifiers.Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.FileKeyword)).Select(m => m.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space)))
            .Add(SyntaxFactory.Token(SyntaxKind.SealedKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        var observer = SyntaxFactory.ClassDeclaration(observerName)
            .WithModifiers(modifiers)
            .WithBaseList(SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(SyntaxFactory.SimpleBaseType(SyntaxFactory.ParseTypeName(observerBaseName)))))
            .WithMembers(SyntaxFactory.List(renamed));
        if (shape.PrimaryParameters is { } parameters)
        {
            observer = observer.WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters.Select(p => p.WithoutTrivia()))));
        }

        observer = observer.WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation);
        return new ObserverGeneration(observerName, wrapper, observer, shape.Members, shape.InnerOrdinal);
    }

    private static MemberDeclarationSyntax EndWithNewLine(MemberDeclarationSyntax member)
        => member.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
            ? member
            : member.WithTrailingTrivia(member.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)).Append(SyntaxFactory.ElasticCarriageReturnLineFeed));

}
