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

/// <content>Removing the wrapper class once nothing refers to it.</content>
public sealed partial class BodyReplacedByWrapperCodeFix
{
    /// <summary>
    /// The wrapper class stays (another caller may use it) unless it is not public, declared in this document only, and
    /// nothing in the project refers to it any more.
    /// </summary>
    private static async Task<Document> RemoveUnusedWrapperAsync(Document document, INamedTypeSymbol wrapperType, CancellationToken cancellationToken)
    {
        if (wrapperType.DeclaredAccessibility == Accessibility.Public || wrapperType.ContainingType is not null
            || wrapperType.DeclaringSyntaxReferences.Length != 1)
        {
            return document;
        }

        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || root is null || model is null)
        {
            return document;
        }

        var declaration = root.DescendantNodes().OfType<ClassDeclarationSyntax>()
            .FirstOrDefault(c => model.GetDeclaredSymbol(c, cancellationToken) is { } symbol
                && symbol.Name == wrapperType.Name
                && symbol.ContainingNamespace?.ToDisplayString() == wrapperType.ContainingNamespace?.ToDisplayString());
        if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not { DeclaringSyntaxReferences.Length: 1 } current)
        {
            return document;
        }

        var references = await Microsoft.CodeAnalysis.FindSymbols.SymbolFinder.FindReferencesAsync(current, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        if (references.Any(r => r.Locations.Any()))
        {
            return document;
        }

        return document.WithSyntaxRoot(root.RemoveNode(declaration, SyntaxRemoveOptions.KeepNoTrivia)!);
    }
}
