using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP002's fact about where a <c>try</c>/<c>finally</c> can go: the statements from the swap to the restore (or to the
/// end of the block when the original is never put back), or the <c>catch</c> that restores and rethrows. SNOOP002's
/// analyzer reports the rule as fixable exactly when a region exists; its fixer builds the <c>try</c>/<c>finally</c> from
/// the same region when the fix is applied.
/// </summary>
internal sealed class RestoreRegion
{
    private RestoreRegion(RestoreKind kind, ExpressionStatementSyntax swapStatement, BlockSyntax block, int start, int end, ExpressionStatementSyntax? restoreStatement)
    {
        Kind = kind;
        SwapStatement = swapStatement;
        Block = block;
        Start = start;
        End = end;
        RestoreStatement = restoreStatement;
    }

    /// <summary>How the original is put back today: <see cref="RestoreKind.SuccessPathOnly"/>, <see cref="RestoreKind.CatchOnly"/> or <see cref="RestoreKind.Never"/>.</summary>
    public RestoreKind Kind { get; }

    /// <summary>The swap statement.</summary>
    public ExpressionStatementSyntax SwapStatement { get; }

    /// <summary>
    /// The block whose statements <see cref="Start"/>..<see cref="End"/> (exclusive) go into the <c>try</c>; for
    /// <see cref="RestoreKind.CatchOnly"/>, the catch block holding <see cref="RestoreStatement"/>.
    /// </summary>
    public BlockSyntax Block { get; }

    /// <summary>The first statement of the region.</summary>
    public int Start { get; }

    /// <summary>The statement after the region: the restore, or the block's statement count.</summary>
    public int End { get; }

    /// <summary>The restore statement; null for <see cref="RestoreKind.Never"/> (the fix writes one).</summary>
    public ExpressionStatementSyntax? RestoreStatement { get; }

    /// <summary>The region for the classified restore; null when no <c>try</c>/<c>finally</c> can be placed safely.</summary>
    public static RestoreRegion? Find(ResponseBodySwap swap, RestoreKind kind, IOperation? restore, KnownTypes types)
    {
        if (swap.SwapStatement is not { } swapStatement || swap.ReturnsTaskWithoutAwaiting(types))
        {
            return null;
        }

        var restoreStatement = restore?.Syntax.Parent as ExpressionStatementSyntax;
        return kind switch
        {
            RestoreKind.SuccessPathOnly when restoreStatement is not null => UpToRestore(swapStatement, restoreStatement),
            RestoreKind.CatchOnly when restoreStatement is not null => CatchThatRethrows(swapStatement, restoreStatement),
            RestoreKind.Never => ToEndOfBlock(swap, swapStatement),
            _ => null,
        };
    }

    /// <summary><c>swap; A; B; restore;</c>: A and B, when no local they declare is used after the restore.</summary>
    private static RestoreRegion? UpToRestore(ExpressionStatementSyntax swapStatement, ExpressionStatementSyntax restoreStatement)
    {
        if (restoreStatement.Parent is not BlockSyntax block)
        {
            return null;
        }

        var statements = block.Statements;
        var restoreIndex = statements.IndexOf(restoreStatement);
        StatementSyntax? swapAncestor = null;
        foreach (var ancestor in swapStatement.AncestorsAndSelf())
        {
            if (ancestor is StatementSyntax statement && statement.Parent == block)
            {
                swapAncestor = statement;
                break;
            }
        }

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

        // A local declared in the region and used after the restore would fall out of scope in the try block.
        var declared = new HashSet<string>();
        for (var i = start; i < restoreIndex; i++)
        {
            if (statements[i] is LocalDeclarationStatementSyntax declaration)
            {
                foreach (var variable in declaration.Declaration.Variables)
                {
                    declared.Add(variable.Identifier.ValueText);
                }
            }
        }

        for (var i = restoreIndex + 1; i < statements.Count && declared.Count > 0; i++)
        {
            foreach (var token in statements[i].DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && declared.Contains(token.ValueText))
                {
                    return null;
                }
            }
        }

        return new RestoreRegion(RestoreKind.SuccessPathOnly, swapStatement, block, start, restoreIndex, restoreStatement);
    }

    /// <summary><c>try { ... } catch { restore; throw; }</c>: the restore can move to <c>finally</c> without changing anything else.</summary>
    private static RestoreRegion? CatchThatRethrows(ExpressionStatementSyntax swapStatement, ExpressionStatementSyntax restoreStatement)
    {
        if (restoreStatement.Parent is not BlockSyntax { Parent: CatchClauseSyntax { Parent: TryStatementSyntax } } catchBlock)
        {
            return null;
        }

        var index = catchBlock.Statements.IndexOf(restoreStatement);
        return index == catchBlock.Statements.Count - 2 && catchBlock.Statements[index + 1] is ThrowStatementSyntax
            ? new RestoreRegion(RestoreKind.CatchOnly, swapStatement, catchBlock, index, index + 1, restoreStatement)
            : null;
    }

    /// <summary>Never restored: every statement after the swap in its block, when the swap can be turned around.</summary>
    private static RestoreRegion? ToEndOfBlock(ResponseBodySwap swap, ExpressionStatementSyntax swapStatement)
    {
        if (swapStatement.Parent is not BlockSyntax block)
        {
            return null;
        }

        var index = block.Statements.IndexOf(swapStatement);
        var turnsAround = (swapStatement.Expression is AssignmentExpressionSyntax && !swap.OriginalIsFeature)
            || (swapStatement.Expression is InvocationExpressionSyntax && swap.IsFeatureSwap);
        return turnsAround && index + 1 < block.Statements.Count
            ? new RestoreRegion(RestoreKind.Never, swapStatement, block, index + 1, block.Statements.Count, restoreStatement: null)
            : null;
    }
}
