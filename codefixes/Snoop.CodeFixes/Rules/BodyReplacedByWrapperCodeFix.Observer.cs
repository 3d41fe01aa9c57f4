using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <content>The observer rewrite's own steps: generating the <c>ResponseObserver</c> from the wrapper class, and placing it after that class.</content>
public sealed partial class BodyReplacedByWrapperCodeFix
{
    /// <summary>
    /// For a wrapper that observes more than a count: the <c>ResponseObserver</c> generated from the wrapper class, and the
    /// source text that creates it (the wrapper's arguments without the wrapped stream). False when no observer can be generated.
    /// </summary>
    private static bool TryPrepareObserver(
        SyntaxNode root,
        SemanticModel model,
        SyntaxNode swap,
        IObjectCreationOperation creation,
        SyntaxNode creationSyntax,
        INamedTypeSymbol wrapperType,
        LocalDeclarationStatementSyntax? wrapperDeclaration,
        CancellationToken cancellationToken,
        out ObserverGeneration? observer,
        out string? observerCreation)
    {
        observer = null;
        observerCreation = null;
        var observerBase = RuntimeImports.ChooseTypeName(root, model, swap.SpanStart, RuntimeNames.ResponseObserver, out _);
        if (creation.Constructor is not { } constructor || creationSyntax is not ObjectCreationExpressionSyntax { ArgumentList: { } argumentList }
            || wrapperDeclaration is not null && !wrapperDeclaration.Declaration.Type.IsVar
            || ObserverGeneration.TryBuild(wrapperType, constructor, model, observerBase, cancellationToken) is not { } generated
            || argumentList.Arguments.Count != constructor.Parameters.Length)
        {
            return false;
        }

        observer = generated;
        var arguments = argumentList.Arguments.Where((_, i) => i != generated.InnerOrdinal).Select(a => a.ToString());
        observerCreation = $"new {generated.Name}({string.Join(", ", arguments)})";
        return true;
    }

    /// <summary>Inserts the generated observer class right after the wrapper class; null when the wrapper class is not in this document.</summary>
    private static CompilationUnitSyntax? InsertObserver(CompilationUnitSyntax root, ObserverGeneration observer)
    {
        var wrapperClass = root.DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == observer.Wrapper.Identifier.ValueText);
        return wrapperClass is null ? null : root.InsertNodesAfter(wrapperClass, new[] { observer.Observer });
    }

    /// <summary>
    /// For a hand-written body feature whose stream observes: the observer generated from that stream class, when the
    /// feature builds it (<c>new S(inner.Stream)</c>, once) with no other argument than the wrapped stream, so that the
    /// install site can create the observer on its own. False otherwise.
    /// </summary>
    private static bool TryPrepareFeatureObserver(
        SyntaxNode root,
        SemanticModel model,
        SyntaxNode install,
        INamedTypeSymbol featureType,
        CancellationToken cancellationToken,
        out ObserverGeneration? observer,
        out string? observerCreation)
    {
        observer = null;
        observerCreation = null;
        if (BodyReplacedByWrapperFixability.FeatureStreamCreation(featureType, model, cancellationToken) is not { Constructor: { } constructor, Type: INamedTypeSymbol streamType })
        {
            return false;
        }

        var observerBase = RuntimeImports.ChooseTypeName(root, model, install.SpanStart, RuntimeNames.ResponseObserver, out _);
        if (ObserverGeneration.TryBuild(streamType, constructor, model, observerBase, cancellationToken) is not { } generated)
        {
            return false;
        }

        observer = generated;
        observerCreation = $"new {generated.Name}()";
        return true;
    }
}
