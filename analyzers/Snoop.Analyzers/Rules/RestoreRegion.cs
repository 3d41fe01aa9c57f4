using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP002's fact about where a <c>try</c>/<c>finally</c> can go: the statements from the swap to the restore (or to the
/// end of the block when the original is never put back), or the <c>catch</c> that restores and rethrows. SNOOP002's
/// analyzer reports the rule as fixable exactly when a region exists; its fixer builds the <c>try</c>/<c>finally</c> from
/// the same region when the fix is applied.
/// </summary>
internal sealed class RestoreRegion
{
    private RestoreRegion(RestoreKind kind, ExpressionStatementSyntax swapStatement, BlockSyntax block, int start, int end, ExpressionStatementSyntax? restoreStatement, bool keepsRestore = false, bool guardsRestore = false)
    {
        KeepsRestore = keepsRestore;
        GuardsRestore = guardsRestore;
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

    /// <summary>
    /// True when the swap or the restore is nested in a branch (<c>if (capture) { ... Body = buffer; }</c>, <c>if (buffer != null) { ...; Body = original; }</c>):
    /// the region runs from the statement holding the swap through the statement holding the restore (<see cref="End"/> is
    /// past it), the restore stays where it is, and <c>finally</c> gets a copy.
    /// </summary>
    public bool KeepsRestore { get; }

    /// <summary>With <see cref="KeepsRestore"/>: the original may be null (kept only in the branch that swaps), so the copy in <c>finally</c> is guarded.</summary>
    public bool GuardsRestore { get; }

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
            RestoreKind.SuccessPathOnly when restoreStatement is not null => UpToRestore(swapStatement, restoreStatement, GuardNeeded(swap)),
            RestoreKind.CatchOnly when restoreStatement is not null => CatchThatRethrows(swapStatement, restoreStatement),
            RestoreKind.Never => ToEndOfBlock(swap, swapStatement),
            _ => null,
        };
    }

    /// <summary>The region for an unkept feature swap: as above; when nothing puts a feature back, the fix keeps the previous one first.</summary>
    public static RestoreRegion? Find(UnkeptFeatureSwap swap, RestoreKind kind, IOperation? restore, KnownTypes types)
    {
        if (swap.SwapStatement is not { } swapStatement || ResponseBodySwap.ReturnsTaskWithoutAwaiting(swap.Swap, types))
        {
            return null;
        }

        var restoreStatement = restore?.Syntax.Parent as ExpressionStatementSyntax;
        return kind switch
        {
            RestoreKind.SuccessPathOnly when restoreStatement is not null => UpToRestore(swapStatement, restoreStatement, guard: null),
            RestoreKind.CatchOnly when restoreStatement is not null => CatchThatRethrows(swapStatement, restoreStatement),
            RestoreKind.Never when KeepableFeatures(swapStatement) is not null => ToEndOfBlock(swapStatement),
            _ => null,
        };
    }

    /// <summary>
    /// <c>receiver.Set&lt;T&gt;(value)</c> with the type argument written out and a receiver that is a plain chain of names
    /// (<c>context.Features</c>, <c>HttpContext.Features</c>): the fix can read <c>receiver.Get&lt;T&gt;()</c> before it.
    /// </summary>
    public static MemberAccessExpressionSyntax? KeepableFeatures(ExpressionStatementSyntax swapStatement)
    {
        if (swapStatement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax } access })
        {
            return null;
        }

        for (ExpressionSyntax? receiver = access.Expression; receiver is not null;)
        {
            switch (receiver)
            {
                case MemberAccessExpressionSyntax member:
                    receiver = member.Expression;
                    break;
                case IdentifierNameSyntax or ThisExpressionSyntax:
                    return access;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the kept original may be null at the restore (declared without the body read, <c>Stream? original = null;</c>),
    /// so a copy of the restore in <c>finally</c> must be guarded; null when that cannot be told.
    /// </summary>
    private static bool? GuardNeeded(ResponseBodySwap swap)
    {
        var model = swap.Swap.SemanticModel;
        if (model is null)
        {
            return null;
        }

        var initializer = SymbolFacts.DeclaredInitializer(swap.Original, model.SyntaxTree);
        return initializer is null || swap.OriginalRead.Syntax != initializer && !initializer.Span.Contains(swap.OriginalRead.Syntax.Span);
    }

    /// <summary>
    /// <c>swap; A; B; restore;</c>: A and B, when no local they declare is used after the restore. When the swap or the
    /// restore sits in a branch (<paramref name="guard"/> known), the statements from the one holding the swap through the
    /// one holding the restore (see <see cref="KeepsRestore"/>).
    /// </summary>
    private static RestoreRegion? UpToRestore(ExpressionStatementSyntax swapStatement, ExpressionStatementSyntax restoreStatement, bool? guard)
    {
        foreach (var restoreAncestor in restoreStatement.AncestorsAndSelf())
        {
            if (restoreAncestor is not StatementSyntax restoreHolder || restoreAncestor.Parent is not BlockSyntax block)
            {
                if (restoreAncestor is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return null;
                }

                continue;
            }

            var statements = block.Statements;
            var restoreIndex = statements.IndexOf(restoreHolder);
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
                continue;
            }

            var swapIndex = statements.IndexOf(swapAncestor);
            // The restore nested in a branch stays there; a swap nested in a statement moves into the try with it, which
            // is only safe when restoring an original that was kept unconditionally.
            var inPlace = restoreHolder != restoreStatement;
            if (swapIndex < 0 || swapIndex >= restoreIndex || (inPlace && guard is null) || (!inPlace && swapAncestor != swapStatement && guard == true))
            {
                return null;
            }

            if (!inPlace)
            {
                var start = swapAncestor == swapStatement ? swapIndex + 1 : swapIndex;
                return start < restoreIndex && !UsedAfter(statements, start, restoreIndex, restoreIndex + 1)
                    ? new RestoreRegion(RestoreKind.SuccessPathOnly, swapStatement, block, start, restoreIndex, restoreStatement)
                    : null;
            }

            return !UsedAfter(statements, swapIndex + 1, restoreIndex + 1, restoreIndex + 1)
                ? new RestoreRegion(RestoreKind.SuccessPathOnly, swapStatement, block, swapIndex + 1, restoreIndex + 1, restoreStatement, keepsRestore: true, guardsRestore: guard == true)
                : null;
        }

        return null;
    }

    /// <summary>A local declared in statements [start, end) and used from <paramref name="after"/> on would fall out of scope in the try block.</summary>
    private static bool UsedAfter(SyntaxList<StatementSyntax> statements, int start, int end, int after)
    {
        var declared = new HashSet<string>();
        for (var i = start; i < end; i++)
        {
            if (statements[i] is LocalDeclarationStatementSyntax declaration)
            {
                foreach (var variable in declaration.Declaration.Variables)
                {
                    declared.Add(variable.Identifier.ValueText);
                }
            }
        }

        for (var i = after; i < statements.Count && declared.Count > 0; i++)
        {
            foreach (var token in statements[i].DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && declared.Contains(token.ValueText))
                {
                    return true;
                }
            }
        }

        return false;
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
        var turnsAround = (swapStatement.Expression is AssignmentExpressionSyntax && !swap.OriginalIsFeature)
            || (swapStatement.Expression is InvocationExpressionSyntax && swap.IsFeatureSwap);
        return turnsAround ? ToEndOfBlock(swapStatement) : null;
    }

    private static RestoreRegion? ToEndOfBlock(ExpressionStatementSyntax swapStatement)
    {
        if (swapStatement.Parent is not BlockSyntax block)
        {
            return null;
        }

        var index = block.Statements.IndexOf(swapStatement);
        return index + 1 < block.Statements.Count
            ? new RestoreRegion(RestoreKind.Never, swapStatement, block, index + 1, block.Statements.Count, restoreStatement: null)
            : null;
    }
}

/// <summary>Why SNOOP002 offers no fix (<see cref="DiagnosticProperties.NotFixableKey"/>).</summary>
internal enum RestoreFixBlocker
{
    /// <summary>No <c>try</c>/<c>finally</c> can be placed safely (the swap and the restore in different blocks, a local used after the restore, a catch that handles instead of rethrowing...).</summary>
    NoSafeRegion,

    /// <summary>The function hands back the next component's task without awaiting it: a <c>finally</c> would run too early.</summary>
    TaskNotAwaited,

    /// <summary>The swap and the restore sit in two methods of an MVC filter (<c>OnActionExecuting</c> / <c>OnResultExecuted</c>).</summary>
    FilterMethods,
}
