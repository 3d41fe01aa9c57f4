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
    public override FixAllProvider GetFixAllProvider() => SwapFixAll.Create(d => d.Properties.ContainsKey(DiagnosticProperties.FixableKey), FindSwap, TryFixAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // Whether a try/finally can be placed is the analyzer's finding (RestoreRegion); the rewrite is built when applied.
            if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.FixableKey)
                || FindSwap(root, diagnostic) is not { } swap
                || CompileErrors.BlockRewriteFrom(model, swap, swap, [], context.CancellationToken))
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title(diagnostic),
                    async ct => await TryFixAsync(document, swap, ct).ConfigureAwait(false) ?? document,
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>What the fix does, from the restore the analyzer found (<see cref="DiagnosticProperties.RestoreKey"/>).</summary>
    private static string Title(Diagnostic diagnostic)
    {
        diagnostic.Properties.TryGetValue(DiagnosticProperties.RestoreKey, out var restore);
        return restore switch
        {
            nameof(RestoreKind.SuccessPathOnly) => "Move the restore of the original response body into a finally block",
            nameof(RestoreKind.CatchOnly) => "Move the restore of the original response body from the catch block to a finally block",
            _ => "Restore the original response body in a finally block",
        };
    }

    private static SyntaxNode? FindSwap(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().FirstOrDefault(n => n is AssignmentExpressionSyntax or InvocationExpressionSyntax);
    }

    /// <summary>Finds the region on the current document and wraps it; null when the block no longer qualifies.</summary>
    private static async Task<Document?> TryFixAsync(Document document, SyntaxNode swapSyntax, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var types = KnownTypes.Create(model.Compilation);
        var operation = model.GetOperation(swapSyntax, cancellationToken);
        var swap = operation switch
        {
            ISimpleAssignmentOperation assignment => ResponseBodySwap.FromAssignment(assignment, types),
            IInvocationOperation invocation => ResponseBodySwap.FromFeatureSet(invocation, types),
            _ => null,
        };
        if (swap is null)
        {
            return operation is IInvocationOperation set && UnkeptFeatureSwap.From(set, types) is { } unkept
                && !CompileErrors.BlockRewriteFrom(model, unkept.Swap.Syntax, unkept.Swap.Syntax, [], cancellationToken)
                ? await TryFixUnkeptAsync(document, root, model, unkept, types, cancellationToken).ConfigureAwait(false)
                : null;
        }

        if (CompileErrors.BlockRewriteFrom(model, swap.Swap.Syntax, swap.Swap.Syntax, [], cancellationToken))
        {
            return null;
        }

        var kind = swap.ClassifyRestore(types, out var restore);
        var region = RestoreRegion.Find(swap, kind, restore, types);
        var newRoot = region switch
        {
            { Kind: RestoreKind.SuccessPathOnly, RestoreStatement: { } restoreStatement } => WrapUpToRestore(root, region, restoreStatement),
            { Kind: RestoreKind.CatchOnly, RestoreStatement: { } restoreStatement } => MoveFromCatchToFinally(root, region, restoreStatement),
            { Kind: RestoreKind.Never } => WrapToEndOfBlock(root, swap, region),
            _ => null,
        };

        if (newRoot is null)
        {
            return null;
        }

        return await FixFormatting.FormatAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The feature swap that keeps no previous feature: as for a kept one, except that when nothing puts a feature back,
    /// <c>var previousBodyFeature = features.Get&lt;T&gt;();</c> goes before the swap and <c>features.Set&lt;T&gt;(previousBodyFeature)</c> into <c>finally</c>.
    /// </summary>
    private static async Task<Document?> TryFixUnkeptAsync(Document document, SyntaxNode root, SemanticModel model, UnkeptFeatureSwap swap, KnownTypes types, CancellationToken cancellationToken)
    {
        var kind = swap.ClassifyRestore(types, out var restore);
        var region = RestoreRegion.Find(swap, kind, restore, types);
        var newRoot = region switch
        {
            { Kind: RestoreKind.SuccessPathOnly, RestoreStatement: { } restoreStatement } => WrapUpToRestore(root, region, restoreStatement),
            { Kind: RestoreKind.CatchOnly, RestoreStatement: { } restoreStatement } => MoveFromCatchToFinally(root, region, restoreStatement),
            { Kind: RestoreKind.Never } => KeepAndRestore(root, model, swap, region),
            _ => null,
        };

        return newRoot is null ? null : await FixFormatting.FormatAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>set(new X); A;</c> becomes <c>var previous = get(); set(new X); try { A; } finally { set(previous); }</c>.</summary>
    private static SyntaxNode? KeepAndRestore(SyntaxNode root, SemanticModel model, UnkeptFeatureSwap swap, RestoreRegion region)
    {
        if (RestoreRegion.KeepableFeatures(region.SwapStatement) is not { Name: GenericNameSyntax setName } access)
        {
            return null;
        }

        var name = FreeName(model, swap.Scope.Syntax, region.SwapStatement.SpanStart, "previousBodyFeature");
        var get = SyntaxFactory.InvocationExpression(access.WithName(setName.WithIdentifier(SyntaxFactory.Identifier("Get"))).WithoutTrivia());
        var declaration = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name)).WithInitializer(SyntaxFactory.EqualsValueClause(get)))))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var invocation = (InvocationExpressionSyntax)region.SwapStatement.Expression;
        var restore = SyntaxFactory.ExpressionStatement(
            invocation.WithoutTrivia().WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name))))));

        var statements = region.Block.Statements;
        var tryStatement = BuildTry(statements.Skip(region.Start).ToList(), restore);
        var newStatements = statements.Take(region.Start - 1).Append(declaration).Append(statements[region.Start - 1]).Append(tryStatement);
        return root.ReplaceNode(region.Block, region.Block.WithStatements(SyntaxFactory.List(newStatements)));
    }

    /// <summary><paramref name="name"/>, or with a number after it, so that it clashes with nothing visible there or declared in the function.</summary>
    private static string FreeName(SemanticModel model, SyntaxNode scope, int position, string name)
    {
        for (var i = 1; ; i++)
        {
            var candidate = i == 1 ? name : name + i;
            if (model.LookupSymbols(position, name: candidate).IsEmpty
                && !scope.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary><c>swap; A; B; restore;</c> becomes <c>swap; try { A; B; } finally { restore; }</c>.</summary>
    private static SyntaxNode WrapUpToRestore(SyntaxNode root, RestoreRegion region, ExpressionStatementSyntax restoreStatement)
    {
        var statements = region.Block.Statements;
        if (region.KeepsRestore)
        {
            // The restore sits in a branch: it stays, and finally puts the original back on every other path too.
            StatementSyntax restore = restoreStatement.WithoutTrivia();
            var original = restoreStatement.Expression switch
            {
                AssignmentExpressionSyntax assignment => assignment.Right,
                InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } invocation => invocation.ArgumentList.Arguments[0].Expression,
                _ => null,
            };
            if (region.GuardsRestore && original is not null)
            {
                restore = SyntaxFactory.IfStatement(
                    SyntaxFactory.BinaryExpression(SyntaxKind.NotEqualsExpression, original.WithoutTrivia(), SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)),
                    SyntaxFactory.Block(restore));
            }

            var wrapped = BuildTry(statements.Skip(region.Start).Take(region.End - region.Start).ToList(), restore);
            return root.ReplaceNode(region.Block, region.Block.WithStatements(SyntaxFactory.List(statements.Take(region.Start).Append(wrapped).Concat(statements.Skip(region.End)))));
        }

        var tryStatement = BuildTry(statements.Skip(region.Start).Take(region.End - region.Start).ToList(), restoreStatement);
        var newStatements = statements.Take(region.Start).Append(tryStatement).Concat(statements.Skip(region.End + 1));
        return root.ReplaceNode(region.Block, region.Block.WithStatements(SyntaxFactory.List(newStatements)));
    }

    /// <summary><c>try { ... } catch { restore; throw; }</c> becomes <c>try { ... } finally { restore; }</c>.</summary>
    private static SyntaxNode? MoveFromCatchToFinally(SyntaxNode root, RestoreRegion region, ExpressionStatementSyntax restoreStatement)
    {
        var catchBlock = region.Block;
        if (catchBlock.Parent is not CatchClauseSyntax { Parent: TryStatementSyntax tryStatement } catchClause)
        {
            return null;
        }

        var remaining = catchBlock.Statements.RemoveAt(region.Start);
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
    private static SyntaxNode? WrapToEndOfBlock(SyntaxNode root, ResponseBodySwap swap, RestoreRegion region)
    {
        var original = SyntaxFactory.IdentifierName(swap.Original.Name);
        ExpressionSyntax restore;
        switch (region.SwapStatement.Expression)
        {
            case AssignmentExpressionSyntax assignment:
                restore = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, assignment.Left.WithoutTrivia(), original);
                break;
            case InvocationExpressionSyntax invocation:
                restore = invocation.WithoutTrivia().WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(original))));
                break;
            default:
                return null;
        }

        var statements = region.Block.Statements;
        var tryStatement = BuildTry(statements.Skip(region.Start).ToList(), SyntaxFactory.ExpressionStatement(restore));
        var newStatements = statements.Take(region.Start).Append(tryStatement);
        return root.ReplaceNode(region.Block, region.Block.WithStatements(SyntaxFactory.List(newStatements)));
    }

    private static TryStatementSyntax BuildTry(IReadOnlyList<StatementSyntax> region, StatementSyntax restore)
        => SyntaxFactory.TryStatement(
                SyntaxFactory.Block(region),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(restore.WithoutTrivia())))
            .WithAdditionalAnnotations(Formatter.Annotation);
}
