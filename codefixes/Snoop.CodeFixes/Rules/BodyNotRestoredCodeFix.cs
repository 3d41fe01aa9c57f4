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

/// <summary>SNOOP002 fix: wrap the region from the swap to the restore in <c>try</c> and put the original back in <c>finally</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BodyNotRestoredCodeFix))]
[Shared]
public sealed class BodyNotRestoredCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "SNOOP002:RestoreInFinally";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BodyNotRestored);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => SwapFixAll.Create(_ => true, FindSwap, TryFixAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindSwap(root, diagnostic) is not { } swap)
            {
                continue;
            }

            // Check every precondition now, so that no fix is offered that would do nothing.
            var document = context.Document;
            if (await TryFixAsync(document, swap, context.CancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Restore the original response body in a finally block",
                    async ct => await TryFixAsync(document, swap, ct).ConfigureAwait(false) ?? document,
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode? FindSwap(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().FirstOrDefault(n => n is AssignmentExpressionSyntax or InvocationExpressionSyntax);
    }

    private static async Task<Document?> TryFixAsync(Document document, SyntaxNode swapSyntax, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var types = KnownTypes.Create(model.Compilation);
        var swap = model.GetOperation(swapSyntax, cancellationToken) switch
        {
            ISimpleAssignmentOperation assignment => ResponseBodySwap.FromAssignment(assignment, types),
            IInvocationOperation invocation => ResponseBodySwap.FromFeatureSet(invocation, types),
            _ => null,
        };
        if (swap?.SwapStatement is not { } swapStatement || CompileErrors.In(model, swap.Scope.Syntax, cancellationToken) || swap.ReturnsTaskWithoutAwaiting(types))
        {
            return null;
        }

        var kind = swap.ClassifyRestore(types, out var restore);
        var newRoot = kind switch
        {
            RestoreKind.SuccessPathOnly when restore?.Syntax.Parent is ExpressionStatementSyntax restoreStatement => WrapUpToRestore(root, swapStatement, restoreStatement),
            RestoreKind.CatchOnly when restore?.Syntax.Parent is ExpressionStatementSyntax restoreStatement => MoveFromCatchToFinally(root, restoreStatement),
            RestoreKind.Never => WrapToEndOfBlock(root, swap, swapStatement),
            _ => null,
        };

        if (newRoot is null)
        {
            return null;
        }

        return await FixFormatting.FormatAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>swap; A; B; restore;</c> becomes <c>swap; try { A; B; } finally { restore; }</c>.</summary>
    private static SyntaxNode? WrapUpToRestore(SyntaxNode root, ExpressionStatementSyntax swapStatement, ExpressionStatementSyntax restoreStatement)
    {
        if (restoreStatement.Parent is not BlockSyntax block)
        {
            return null;
        }

        var statements = block.Statements;
        var restoreIndex = statements.IndexOf(restoreStatement);
        var swapAncestor = swapStatement.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent == block);
        if (swapAncestor is null)
        {
            return null;
        }

        var swapIndex = statements.IndexOf(swapAncestor);
        var start = swapAncestor == swapStatement ? swapIndex + 1 : swapIndex;
        if (swapIndex < 0 || start >= restoreIndex)
        {
            return null;
        }

        var region = statements.Skip(start).Take(restoreIndex - start).ToList();

        // A local declared in the region and used after the restore would fall out of scope in the try block.
        var declared = new HashSet<string>(region.OfType<LocalDeclarationStatementSyntax>().SelectMany(d => d.Declaration.Variables).Select(v => v.Identifier.ValueText));
        foreach (var later in statements.Skip(restoreIndex + 1))
        {
            if (later.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && declared.Contains(t.ValueText)))
            {
                return null;
            }
        }

        var tryStatement = BuildTry(region, restoreStatement);
        var newStatements = statements.Take(start).Append(tryStatement).Concat(statements.Skip(restoreIndex + 1));
        return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(newStatements)));
    }

    /// <summary><c>try { ... } catch { restore; throw; }</c> becomes <c>try { ... } finally { restore; }</c>.</summary>
    private static SyntaxNode? MoveFromCatchToFinally(SyntaxNode root, ExpressionStatementSyntax restoreStatement)
    {
        if (restoreStatement.Parent is not BlockSyntax { Parent: CatchClauseSyntax catchClause } catchBlock || catchClause.Parent is not TryStatementSyntax tryStatement)
        {
            return null;
        }

        // Only when the catch rethrows right after the restore: then running the restore in finally changes nothing else.
        var index = catchBlock.Statements.IndexOf(restoreStatement);
        var after = catchBlock.Statements.Skip(index + 1).ToList();
        if (after.Count != 1 || after[0] is not ThrowStatementSyntax)
        {
            return null;
        }

        var remaining = catchBlock.Statements.RemoveAt(index);
        var catches = tryStatement.Catches;
        var dropCatch = catchClause.Filter is null && remaining.Count == 1 && remaining[0] is ThrowStatementSyntax { Expression: null };
        catches = dropCatch ? catches.Remove(catchClause) : catches.Replace(catchClause, catchClause.WithBlock(catchBlock.WithStatements(remaining)));

        var restore = restoreStatement.WithoutTrivia().WithAdditionalAnnotations(Formatter.Annotation);
        var finallyClause = tryStatement.Finally is { } existing
            ? existing.WithBlock(existing.Block.WithStatements(existing.Block.Statements.Insert(0, restore)))
            : SyntaxFactory.FinallyClause(SyntaxFactory.Block(restore));
        var newTry = tryStatement.WithCatches(catches).WithFinally(finallyClause.WithAdditionalAnnotations(Formatter.Annotation));
        return root.ReplaceNode(tryStatement, newTry);
    }

    /// <summary>Never restored: <c>swap; A; B;</c> becomes <c>swap; try { A; B; } finally { response.Body = original; }</c>.</summary>
    private static SyntaxNode? WrapToEndOfBlock(SyntaxNode root, ResponseBodySwap swap, ExpressionStatementSyntax swapStatement)
    {
        if (swapStatement.Parent is not BlockSyntax block)
        {
            return null;
        }

        var statements = block.Statements;
        var index = statements.IndexOf(swapStatement);
        var region = statements.Skip(index + 1).ToList();
        if (region.Count == 0)
        {
            return null;
        }

        ExpressionSyntax restore;
        var original = SyntaxFactory.IdentifierName(swap.Original.Name);
        if (swapStatement.Expression is AssignmentExpressionSyntax assignment && !swap.OriginalIsFeature)
        {
            restore = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, assignment.Left.WithoutTrivia(), original);
        }
        else if (swapStatement.Expression is InvocationExpressionSyntax invocation && swap.IsFeatureSwap)
        {
            restore = invocation.WithoutTrivia().WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(original))));
        }
        else
        {
            return null;
        }

        var tryStatement = BuildTry(region, SyntaxFactory.ExpressionStatement(restore));
        var newStatements = statements.Take(index + 1).Append(tryStatement);
        return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(newStatements)));
    }

    private static TryStatementSyntax BuildTry(IReadOnlyList<StatementSyntax> region, StatementSyntax restore)
        => SyntaxFactory.TryStatement(
                SyntaxFactory.Block(region),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(restore.WithoutTrivia())))
            .WithAdditionalAnnotations(Formatter.Annotation);
}
