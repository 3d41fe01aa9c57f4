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

/// <content>Re-checking the install site and rewriting it: <c>BeginMetrics</c> for a counting wrapper, <c>Observe</c> with a generated observer otherwise.</content>
public sealed partial class BodyReplacedByWrapperCodeFix
{
    /// <summary>Re-checks the install site on the current document and rewrites it; null when the fix does not apply.</summary>
    internal static async Task<Document?> TryFixAsync(Document document, ExpressionSyntax swap, string[]? countMembers, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax || model is null)
        {
            return null;
        }

        var known = KnownTypes.Create(model.Compilation);
        var function = swap.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax);
        var functionBody = function switch
        {
            BaseMethodDeclarationSyntax method => method.Body,
            AnonymousFunctionExpressionSyntax lambda => lambda.Block,
            LocalFunctionStatementSyntax local => local.Body,
            AccessorDeclarationSyntax accessor => accessor.Body,
            _ => null,
        };
        if (functionBody is null
            || ReadInstall(model, swap, known, cancellationToken) is not { } site
            || CompileErrors.BlockRewriteFrom(model, swap, swap, [RuntimeNames.Namespace], cancellationToken))
        {
            return null;
        }

        var swapStatement = site.Statement;
        var contextText = site.ContextText;

        // The wrapper: created right in the swap, or in a local declared by its own statement.
        IObjectCreationOperation? creation;
        ILocalSymbol? wrapperLocal = null;
        LocalDeclarationStatementSyntax? wrapperDeclaration = null;
        switch (OperationFacts.Unwrap(site.Wrapper))
        {
            case IObjectCreationOperation created:
                creation = created;
                break;
            case ILocalReferenceOperation local:
                wrapperLocal = local.Local;
                wrapperDeclaration = DeclarationOf(wrapperLocal, functionBody, cancellationToken);
                creation = wrapperDeclaration is { Declaration.Variables.Count: 1 } && wrapperDeclaration.Declaration.Variables[0].Initializer?.Value is { } initializer
                    ? OperationFacts.Unwrap(model.GetOperation(initializer, cancellationToken)) as IObjectCreationOperation
                    : null;
                break;
            default:
                return null;
        }

        if (creation?.Type is not INamedTypeSymbol wrapperType || creation.Syntax is not { } creationSyntax)
        {
            return null;
        }

        // The kept original, when the wrapper was given a local rather than Response.Body itself.
        ILocalSymbol? originalLocal = null;
        foreach (var argument in creation.Arguments)
        {
            if (OperationFacts.Unwrap(argument.Value) is ILocalReferenceOperation originalReference
                && KnownTypes.InheritsFromOrEquals(originalReference.Type, known.Stream))
            {
                originalLocal = originalReference.Local;
            }
        }

        // Observing (not only counting): a ResponseObserver generated from the wrapper class, installed with Observe.
        ObserverGeneration? observer = null;
        string? observerCreation = null;
        // A hand-written feature: the observer is generated from the stream it builds, and the feature's local goes.
        var featureWrapper = site.IsFeatureWrapper;
        if (countMembers is null
            && !(featureWrapper
                ? TryPrepareFeatureObserver(root, model, swap, wrapperType, cancellationToken, out observer, out observerCreation)
                : TryPrepareObserver(root, model, swap, creation, creationSyntax, wrapperType, wrapperDeclaration, cancellationToken, out observer, out observerCreation)))
        {
            return null;
        }

        var removals = new HashSet<SyntaxNode> { swapStatement };
        var countReads = new List<SyntaxNode>();
        LocalDeclarationStatementSyntax? originalDeclaration = null;
        if (originalLocal is not null)
        {
            originalDeclaration = DeclarationOf(originalLocal, functionBody, cancellationToken);
            if (originalDeclaration is not { Declaration.Variables.Count: 1, UsingKeyword.RawKind: 0 })
            {
                return null;
            }

            removals.Add(originalDeclaration);
        }

        // Feature form: the previous feature's read goes with the install (its restores below).
        LocalDeclarationStatementSyntax? previousDeclaration = null;
        if (site.PreviousFeature is not null)
        {
            previousDeclaration = PreviousFeatureDeclaration(site.PreviousFeature, functionBody, model, known, cancellationToken);
            if (previousDeclaration is null)
            {
                return null;
            }

            removals.Add(previousDeclaration);
        }

        foreach (var identifier in functionBody.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is null || creationSyntax.Span.Contains(identifier.Span))
            {
                continue;
            }

            if (site.PreviousFeature is not null && SymbolEqualityComparer.Default.Equals(symbol, site.PreviousFeature))
            {
                // new StreamResponseBodyFeature(w, previous), var body = previous.Stream (going too), or a restore.
                if (swapStatement.Span.Contains(identifier.Span) || previousDeclaration!.Span.Contains(identifier.Span)
                    || originalDeclaration is not null && originalDeclaration.Span.Contains(identifier.Span))
                {
                    continue;
                }

                if (BodyReplacedByWrapperFixability.FeatureRestoreOf(identifier, model, known, cancellationToken) is { } featureRestore)
                {
                    removals.Add(featureRestore);
                    continue;
                }

                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(symbol, wrapperType))
            {
                // A cast or a type test of the body to the wrapper would fail once the body is the server's again.
                if (wrapperDeclaration is null || !wrapperDeclaration.Span.Contains(identifier.Span))
                {
                    return null;
                }
            }
            else if (wrapperLocal is not null && SymbolEqualityComparer.Default.Equals(symbol, wrapperLocal))
            {
                if (swapStatement.Span.Contains(identifier.Span))
                {
                    continue;
                }

                if (identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier)
                {
                    if (countMembers is not null && countMembers.Contains(access.Name.Identifier.ValueText) && !BodyReplacedByWrapperFixability.IsWrittenTo(access))
                    {
                        countReads.Add(access);
                        continue;
                    }

                    if (observer is not null && !featureWrapper && observer.Members.Contains(access.Name.Identifier.ValueText))
                    {
                        // The observer keeps the wrapper's own members (GetHash(), the log).
                        continue;
                    }

                    if (BodyReplacedByWrapperFixability.DisposalOrFlushOf(access) is { } disposal)
                    {
                        // The wrapper's disposal (which would dispose the response body) and flushes through it go.
                        removals.Add(disposal);
                        continue;
                    }
                }

                return null;
            }
            else if (originalLocal is not null && SymbolEqualityComparer.Default.Equals(symbol, originalLocal))
            {
                if (BodyReplacedByWrapperFixability.BodyRestoreOf(identifier, model, known, cancellationToken) is { } restore)
                {
                    removals.Add(restore);
                    continue;
                }

                return null;
            }
        }

        if (observer is not null && featureWrapper && wrapperDeclaration is not null)
        {
            removals.Add(wrapperDeclaration);
        }

        var anchor = observer is null ? wrapperDeclaration ?? (StatementSyntax)swapStatement : swapStatement;
        if (anchor.Parent is not BlockSyntax || observer is null && wrapperDeclaration is not null && !BodyReplacedByWrapperFixability.IsAdjacentAfterRemovals(wrapperDeclaration, swapStatement, removals.Contains))
        {
            return null;
        }

        removals.Remove(anchor);
        var isAsync = function switch
        {
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.RawKind != 0,
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            _ => false,
        };
        var captureName = ChooseName(model, functionBody, cancellationToken);
        var typeName = RuntimeImports.ChooseTypeName(root, model, swap.SpanStart, RuntimeNames.ResponseCapture, out var addUsing);
        var install = observer is null
            ? $"{typeName}.{RuntimeNames.BeginMetrics}({contextText})"
            : $"{typeName}.{RuntimeNames.Observe}({contextText}, {(wrapperLocal is not null && !featureWrapper ? wrapperLocal.Name : observerCreation)})";
        var declaration = SyntaxFactory.ParseStatement($"{(isAsync ? "await " : string.Empty)}using var {captureName} = {install};")
            .WithLeadingTrivia(anchor.GetLeadingTrivia())
            .WithTrailingTrivia(anchor.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

        // The observer keeps the wrapper's local: var h = new W(original, ...) becomes var h = new WObserver(...), not disposed.
        StatementSyntax? observerDeclaration = null;
        if (observer is not null && wrapperDeclaration is not null && !featureWrapper)
        {
            observerDeclaration = SyntaxFactory.ParseStatement($"var {wrapperLocal!.Name} = {observerCreation};")
                .WithTriviaFrom(wrapperDeclaration)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        var replaced = removals.Concat(countReads).Append(anchor);
        if (observerDeclaration is not null)
        {
            replaced = replaced.Append(wrapperDeclaration!);
        }

        var annotated = root.ReplaceNodes(
            replaced,
            (original, rewritten) => original == wrapperDeclaration && observerDeclaration is not null
                ? observerDeclaration
                : rewritten.WithAdditionalAnnotations(original == anchor ? s_anchor : countReads.Contains(original) ? s_countRead : s_remove));
        var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString();
        var rewriter = new Rewriter(declaration, captureName, newLine.Length == 0 ? "\n" : newLine);
        if (rewriter.Visit(annotated) is not CompilationUnitSyntax newRoot)
        {
            return null;
        }

        if (observer is not null)
        {
            if (InsertObserver(newRoot, observer) is not { } withObserver)
            {
                return null;
            }

            newRoot = withObserver;
        }

        if (addUsing)
        {
            newRoot = RuntimeImports.AddSnoopUsing(newRoot);
        }

        var fixedDocument = await FixFormatting.FormatAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);

        // Never hand back code with more compile errors than it had.
        if (await FixPreconditions.AddsCompileErrorsAsync(model, fixedDocument, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await RemoveUnusedWrapperAsync(fixedDocument, wrapperType, cancellationToken).ConfigureAwait(false);
    }
}
