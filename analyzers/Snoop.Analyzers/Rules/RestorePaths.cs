using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP002's path checks for a restore that is not in <c>finally</c>: whether an early <c>return</c> leaves the function
/// with the replacement installed, and whether a restoring <c>catch</c> really covers every exception. A restore on the
/// success path plus a restoring, catch-all <c>catch</c> is every path only when no <c>return</c> slips out in between.
/// </summary>
internal static class RestorePaths
{
    /// <summary>
    /// True when a <c>return</c> of the function (not of a nested one) reached after the swap leaves before the success
    /// restore (or from a <c>catch</c> of the try that restores) without a restore before it in an enclosing block.
    /// </summary>
    public static bool HasUnrestoredExit(IOperation scope, SyntaxNode swap, IOperation successRestore, IReadOnlyList<IOperation> restores)
    {
        var restoreStatements = StatementsOf(restores, swap.Span.End);
        var start = swap.Span.End;
        var end = successRestore.Syntax.SpanStart;
        foreach (var op in FunctionScope.EnumerateOwn(scope))
        {
            if (op is not IReturnOperation { IsImplicit: false } exit || exit.Syntax.SpanStart <= start)
            {
                continue;
            }

            var inWindow = exit.Syntax.SpanStart < end;
            var inRestoringTry = !inWindow && InCatchOfTryHolding(exit.Syntax, restores);
            if ((inWindow || inRestoringTry) && !OnAnotherBranch(exit.Syntax, swap) && !RestoredBefore(exit.Syntax, scope.Syntax, restoreStatements))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the <c>try</c> whose <c>catch</c> holds <paramref name="catchRestore"/> catches every exception (a
    /// <c>catch</c> or <c>catch (Exception)</c> without a filter) and every one of its catch clauses restores.
    /// </summary>
    public static bool CatchCoversEveryException(IOperation catchRestore, IReadOnlyList<IOperation> restores)
    {
        TryStatementSyntax? tryStatement = null;
        foreach (var ancestor in catchRestore.Syntax.Ancestors())
        {
            if (ancestor is CatchClauseSyntax { Parent: TryStatementSyntax owner })
            {
                tryStatement = owner;
                break;
            }
        }

        if (tryStatement is null)
        {
            return false;
        }

        var catchesAll = false;
        foreach (var clause in tryStatement.Catches)
        {
            if (!ContainsRestore(clause.Block, restores))
            {
                return false;
            }

            catchesAll |= clause.Filter is null && (clause.Declaration is null || IsSystemException(clause.Declaration.Type, catchRestore.SemanticModel));
        }

        return catchesAll;
    }

    private static bool IsSystemException(TypeSyntax type, SemanticModel? model)
        => model?.GetTypeInfo(type).Type is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool ContainsRestore(SyntaxNode node, IReadOnlyList<IOperation> restores)
    {
        foreach (var restore in restores)
        {
            if (node.Span.Contains(restore.Syntax.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exit sits in a catch of a try that restores in one of its catches (the catches of a covering try).</summary>
    private static bool InCatchOfTryHolding(SyntaxNode exit, IReadOnlyList<IOperation> restores)
    {
        foreach (var ancestor in exit.Ancestors())
        {
            if (ancestor is CatchClauseSyntax { Parent: TryStatementSyntax owner })
            {
                foreach (var clause in owner.Catches)
                {
                    if (ContainsRestore(clause, restores))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The statements (after the swap) that are a restore on their own.</summary>
    private static HashSet<SyntaxNode> StatementsOf(IReadOnlyList<IOperation> restores, int after)
    {
        var statements = new HashSet<SyntaxNode>();
        foreach (var restore in restores)
        {
            if (restore.Syntax.SpanStart > after && restore.Syntax.Parent is ExpressionStatementSyntax statement)
            {
                statements.Add(statement);
            }
        }

        return statements;
    }

    /// <summary>A restore statement precedes the exit in its own block or in an enclosing one (up to the function).</summary>
    private static bool RestoredBefore(SyntaxNode exit, SyntaxNode scope, HashSet<SyntaxNode> restoreStatements)
    {
        for (SyntaxNode? current = exit; current is not null && current != scope; current = current.Parent)
        {
            var siblings = current.Parent switch
            {
                BlockSyntax block => block.Statements,
                SwitchSectionSyntax section => section.Statements,
                _ => default,
            };

            foreach (var sibling in siblings)
            {
                if (sibling == current)
                {
                    break;
                }

                if (restoreStatements.Contains(sibling))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The exit and the swap sit in different branches of one <c>if</c>/<c>else</c> or <c>switch</c>: the exit is not reached after the swap.</summary>
    private static bool OnAnotherBranch(SyntaxNode exit, SyntaxNode swap)
    {
        foreach (var ancestor in exit.Ancestors())
        {
            switch (ancestor)
            {
                case IfStatementSyntax ifStatement when ifStatement.Span.Contains(swap.Span):
                    return ifStatement.Else is { } elseClause
                        && ifStatement.Statement.Span.Contains(swap.Span) != ifStatement.Statement.Span.Contains(exit.Span)
                        && (elseClause.Span.Contains(swap.Span) || elseClause.Span.Contains(exit.Span));
                case SwitchSectionSyntax section when section.Parent is SwitchStatementSyntax switchStatement && switchStatement.Span.Contains(swap.Span):
                    return !section.Span.Contains(swap.Span);
            }
        }

        return false;
    }
}
