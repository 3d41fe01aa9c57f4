using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The function an operation belongs to (method body, lambda or local function) and walks over it: the scope the
/// body-swap rules reason in.
/// </summary>
internal static class FunctionScope
{
    /// <summary>The function an operation belongs to: the nearest lambda or local function, else the root of the block.</summary>
    public static IOperation GetScope(IOperation op)
    {
        var current = op;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>True when the operation sits in a lambda or local function nested in its scope.</summary>
    public static bool IsInNestedFunction(IOperation op, IOperation scope)
    {
        for (var current = op.Parent; current is not null && current != scope; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Operations of the function itself, not of functions nested in it.</summary>
    public static IEnumerable<IOperation> EnumerateOwn(IOperation scope) => Enumerate(scope, includeNested: false);

    /// <summary>Operations of the function and of everything nested in it.</summary>
    public static IEnumerable<IOperation> EnumerateAll(IOperation scope) => Enumerate(scope, includeNested: true);

    private static IEnumerable<IOperation> Enumerate(IOperation scope, bool includeNested)
    {
        var stack = new Stack<IOperation>();
        stack.Push(scope);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current != scope)
            {
                yield return current;
                if (!includeNested && current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }
            }

            // Push in reverse so that operations come out in source order.
            var children = new List<IOperation>();
            foreach (var child in current.ChildOperations)
            {
                children.Add(child);
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    /// <summary>True when <paramref name="node"/> is in a finally clause below <paramref name="scope"/>.</summary>
    public static bool IsInFinally(SyntaxNode node, SyntaxNode scope)
    {
        for (var current = node.Parent; current is not null && current != scope; current = current.Parent)
        {
            if (current is FinallyClauseSyntax)
            {
                return true;
            }

            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="node"/> is in a catch clause below <paramref name="scope"/>.</summary>
    public static bool IsInCatch(SyntaxNode node, SyntaxNode scope)
    {
        for (var current = node.Parent; current is not null && current != scope; current = current.Parent)
        {
            if (current is CatchClauseSyntax)
            {
                return true;
            }

            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }
        }

        return false;
    }
}
